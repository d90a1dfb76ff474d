"""/admin/attributes: a category's specifications (typed attributes its subcategories inherit): add,
change, remove, with every error under its field (SPEC D2). `?category=<id>` opens a category."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.guards import acting, staff_event
from store_app.admin.attributes_form import (
    EVERY_PRODUCT,
    KINDS,
    AttributeRow,
    CategoryOption,
    attribute_rows,
    category_options,
    remove_attribute,
    save_attribute,
)
from store_app.admin.form_parts import draft_field, edit_and_delete, edit_form_card
from store_app.admin.shell import admin_page, admin_table, notice_and_error
from store_app.core.i18n import N_, t
from store_app.ui.bridge import attempt, call
from store_app.ui.forms import error_line, field_id, form_error

FORM = "attribute-form"
ERROR_FIELDS = (
    "code",
    "name",
    "name_en",
    "kind",
    "unit",
    "unit_en",
    "choices",
    "choices_en",
    "group",
    "group_en",
    "position",
    "category_id",
    "form",
)


def _no_errors() -> dict[str, str]:
    return dict.fromkeys(ERROR_FIELDS, "")


def _lists(*, session: Session, category: str) -> tuple[list[CategoryOption], list[AttributeRow]]:
    return category_options(session=session), attribute_rows(session=session, category=category)


class AdminAttributesState(rx.State):
    categories: rx.Field[list[CategoryOption]] = rx.field(default_factory=list)
    rows: rx.Field[list[AttributeRow]] = rx.field(default_factory=list)
    category: str = EVERY_PRODUCT
    editing: bool = False
    draft: rx.Field[AttributeRow] = rx.field(default_factory=AttributeRow)
    form_key: int = 0
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=_no_errors)
    notice: str = ""
    error: str = ""
    loaded: bool = False

    async def _reload(self) -> None:
        self.categories, self.rows = await call(_lists, category=self.category)
        self.loaded = True

    @staff_event
    async def load(self) -> None:
        wanted = str(self.router.url.query_parameters.get("category", ""))
        self.category = wanted if wanted.isdigit() else EVERY_PRODUCT
        self.editing, self.notice, self.error = False, "", ""
        await self._reload()
        if self.category not in {option.id for option in self.categories}:
            self.category = EVERY_PRODUCT
            await self._reload()

    @staff_event
    async def choose_category(self, value: str) -> None:
        value = str(value)
        self.category = value if value in {option.id for option in self.categories} else EVERY_PRODUCT
        self.editing, self.notice, self.error = False, "", ""
        await self._reload()

    def _open(self, draft: AttributeRow) -> None:
        self.draft, self.editing, self.errors, self.notice, self.error = draft, True, _no_errors(), "", ""
        self.form_key += 1

    @staff_event
    async def new(self) -> None:
        self._open(AttributeRow())

    @staff_event
    async def edit(self, attribute_id: int) -> None:
        found = [row for row in self.rows if row.id == int(attribute_id) and not row.inherited_from]
        if found:
            self._open(found[0])

    @rx.event
    def close(self) -> None:
        self.editing = False

    @staff_event
    async def save(self, form_data: dict[str, Any]) -> None:
        outcome = await attempt(
            save_attribute,
            where="admin attribute save",
            fields=ERROR_FIELDS,
            staff=acting(),
            attribute_id=self.draft.id,
            category=self.category,
            form=form_data,
        )
        if not outcome.ok:
            self.errors = {**_no_errors(), **outcome.errors}
            return
        self.editing, self.notice, self.error = False, t("admin.attributes.saved"), ""
        await self._reload()

    @staff_event
    async def delete(self, attribute_id: int) -> None:
        outcome = await attempt(
            remove_attribute, where="admin attribute delete", staff=acting(), attribute_id=int(attribute_id)
        )
        if outcome.ok:
            self.notice, self.error, self.editing = t("admin.attributes.deleted"), "", False
        else:
            self.notice, self.error = "", outcome.message
        await self._reload()


S = AdminAttributesState


FIELD_LABELS = {
    "code": N_("admin.attributes.code"),
    "name": N_("admin.attributes.name"),
    "name_en": N_("admin.attributes.name_en"),
    "unit": N_("admin.attributes.unit"),
    "unit_en": N_("admin.attributes.unit_en"),
    "group": N_("admin.attributes.group"),
    "group_en": N_("admin.attributes.group_en"),
    "position": N_("admin.attributes.position"),
}


def _field(name: str, value: rx.Var) -> rx.Component:
    return draft_field(form_id=FORM, name=name, label=t(FIELD_LABELS[name]), value=value, error=S.errors[name])


def _kind_select() -> rx.Component:
    input_id = field_id(FORM, "kind")
    return rx.vstack(
        rx.el.label(rx.text(t("admin.attributes.kind"), size="2", weight="medium"), html_for=input_id),
        rx.el.select(
            *[rx.el.option(t(label), value=kind) for kind, label in KINDS],
            name="kind",
            default_value=S.draft.kind,
            id=input_id,
        ),
        error_line(S.errors["kind"], element_id=f"{input_id}-error"),
        spacing="1",
    )


def _choices(name: str, value: rx.Var, label_key: str, hint_key: str) -> rx.Component:
    input_id = field_id(FORM, name)
    return rx.vstack(
        rx.el.label(rx.text(t(label_key), size="2", weight="medium"), html_for=input_id),
        rx.text_area(id=input_id, name=name, default_value=value, rows="5", width="100%"),
        rx.text(t(hint_key), size="1", color_scheme="gray"),
        error_line(S.errors[name], element_id=f"{input_id}-error"),
        spacing="1",
        width="100%",
    )


def _form() -> rx.Component:
    return edit_form_card(
        form_error(S.errors["form"], form_id=FORM),
        error_line(S.errors["category_id"], element_id=f"{FORM}-category-error"),
        rx.grid(
            _field("code", S.draft.code),
            _kind_select(),
            _field("position", S.draft.position),
            _field("name", S.draft.name),
            _field("unit", S.draft.unit),
            _field("group", S.draft.group),
            # Each English field under its Russian one; one column on a phone.
            _field("name_en", S.draft.name_en),
            _field("unit_en", S.draft.unit_en),
            _field("group_en", S.draft.group_en),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.grid(
            _choices("choices", S.draft.choices, N_("admin.attributes.choices"), N_("admin.attributes.choices_hint")),
            _choices(
                "choices_en",
                S.draft.choices_en,
                N_("admin.attributes.choices_en"),
                N_("admin.attributes.choices_en_hint"),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        form_id=FORM,
        on_submit=S.save,
        on_close=S.close,
        key=S.form_key,
    )


def _row(row: AttributeRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.name, rx.cond(row.name_en, rx.text.span(" · ", row.name_en, color_scheme="gray"))),
        rx.table.cell(rx.code(row.code)),
        rx.table.cell(row.kind_label, rx.cond(row.unit, ", " + row.unit, "")),
        rx.table.cell(row.group),
        rx.table.cell(
            rx.cond(
                row.inherited_from,
                rx.text(t("admin.attributes.inherited"), " ", row.inherited_from, color_scheme="gray", size="2"),
                edit_and_delete(
                    on_edit=S.edit(row.id),
                    on_delete=S.delete(row.id),
                    id_prefix="attribute",
                    row_id=row.id,
                    name=row.name,
                ),
            )
        ),
        id=f"attribute-row-{row.code}",
    )


def admin_attributes_page() -> rx.Component:
    return admin_page(
        t("admin.attributes.title"),
        rx.hstack(
            rx.text(t("admin.attributes.category"), size="2", weight="medium"),
            rx.el.select(
                rx.foreach(S.categories, lambda option: rx.el.option(option.label, value=option.id)),
                value=S.category,
                on_change=S.choose_category,
                id="attributes-category",
            ),
            rx.spacer(),
            rx.button(t("admin.attributes.add"), on_click=S.new, id="attributes-add"),
            align="center",
            # On a phone the button goes under the category (in one row the page was 633 px wide at 390).
            wrap="wrap",
            width="100%",
        ),
        notice_and_error(S.notice, S.error, prefix="attributes"),
        rx.cond(S.editing, _form()),
        admin_table(
            [f"admin.attributes.{h}" for h in ("name", "code", "kind", "group", "actions")],
            S.rows,
            _row,
            table_id="attributes-table",
        ),
        page_id="admin-attributes",
        loaded=S.loaded,
    )
