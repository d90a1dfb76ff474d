"""/admin/categories: the category tree; add, rename, move and remove categories (SPEC D2)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from store_app.accounts.sessions.guards import acting_args, staff_event
from store_app.admin.categories_form import CategoryRow, new_category, remove_category, save_category, tree_rows
from store_app.admin.form_parts import draft_field, edit_and_delete
from store_app.admin.shell import admin_page, admin_table, notice_and_error
from store_app.core.i18n import N_, t
from store_app.ui.bridge import attempt, call
from store_app.ui.forms import error_line, field_id, form_error

FORM = "category-form"
ERROR_FIELDS = ("name", "name_en", "slug", "parent_id", "position", "form")


def _no_errors() -> dict[str, str]:
    return dict.fromkeys(ERROR_FIELDS, "")


class AdminCategoriesState(rx.State):
    rows: rx.Field[list[CategoryRow]] = rx.field(default_factory=list)
    editing: bool = False
    draft: rx.Field[CategoryRow] = rx.field(default_factory=new_category)
    form_key: int = 0
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=_no_errors)
    notice: str = ""
    error: str = ""
    loaded: bool = False
    parent_filter: str = ""

    @rx.event
    def filter_parents(self, text: str) -> None:
        self.parent_filter = str(text)[:100].strip().lower()

    async def _reload(self) -> None:
        self.rows = await call(tree_rows)
        self.loaded = True

    def _open(self, draft: CategoryRow) -> None:
        self.draft, self.editing, self.errors, self.notice, self.error = draft, True, _no_errors(), "", ""
        self.parent_filter = ""
        self.form_key += 1

    @staff_event
    async def load(self) -> None:
        self.editing, self.notice, self.error = False, "", ""
        await self._reload()

    @staff_event
    async def edit(self, category_id: int) -> None:
        found = [row for row in self.rows if row.id == int(category_id)]
        if found:
            self._open(found[0])

    @staff_event
    async def new(self) -> None:
        self._open(new_category())

    @rx.event
    def close(self) -> None:
        self.editing = False

    @staff_event
    async def save(self, form_data: dict[str, Any]) -> None:
        values = {"category_id": self.draft.id, "form_data": dict(form_data)}
        outcome = await attempt(
            save_category, where="admin category save", fields=ERROR_FIELDS, **acting_args(), **values
        )
        if not outcome.ok:
            self.errors = {**_no_errors(), **outcome.errors}
            return
        self.editing, self.notice, self.error = False, t("admin.categories.saved"), ""
        await self._reload()

    @staff_event
    async def delete(self, category_id: int) -> None:
        outcome = await attempt(
            remove_category, where="admin category delete", **acting_args(), category_id=int(category_id)
        )
        if outcome.ok:
            self.notice, self.error, self.editing = t("admin.categories.deleted"), "", False
        else:
            self.notice, self.error = "", outcome.message
        await self._reload()


S = AdminCategoriesState


def _field(name: str, label_key: str, value: rx.Var) -> rx.Component:
    return draft_field(form_id=FORM, name=name, label=t(label_key), value=value, error=S.errors[name])


def _parent_select() -> rx.Component:
    input_id = field_id(FORM, "parent_id")
    return rx.vstack(
        rx.el.label(rx.text(t("admin.categories.parent_id"), size="2", weight="medium"), html_for=input_id),
        rx.input(
            placeholder=t("admin.categories.filter"),
            on_change=S.filter_parents.debounce(250),
            type="search",
            id=f"{input_id}-filter",
            aria_label=t("admin.categories.filter"),
            size="1",
        ),
        rx.el.select(
            rx.el.option(t("admin.categories.top_level"), value=""),
            rx.foreach(
                S.rows,
                lambda row: rx.el.option(
                    row.option,
                    value=row.id.to_string(),
                    # The filter hides what does not match; a category is never its own parent.
                    hidden=~row.search.contains(S.parent_filter) | (row.id == S.draft.id),
                ),
            ),
            name="parent_id",
            default_value=S.draft.parent_id,
            id=input_id,
        ),
        error_line(S.errors["parent_id"], element_id=f"{input_id}-error"),
        spacing="1",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                form_error(S.errors["form"], form_id=FORM),
                rx.grid(
                    _field("name", N_("admin.categories.name"), S.draft.name),
                    _field("name_en", N_("admin.categories.name_en"), S.draft.name_en),
                    _field("slug", N_("admin.categories.slug"), S.draft.slug),
                    columns=rx.breakpoints(initial="1", sm="2", md="3"),
                    spacing="3",
                    width="100%",
                ),
                rx.hstack(
                    _parent_select(),
                    _field("position", N_("admin.categories.position"), S.draft.position),
                    spacing="3",
                    width="100%",
                ),
                rx.hstack(
                    rx.button(t("admin.products.save"), type="submit", id=f"{FORM}-save"),
                    rx.button(t("admin.products.cancel"), type="button", variant="soft", on_click=S.close),
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.form_key,
            id=FORM,
        ),
        width="100%",
    )


def _row(row: CategoryRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.text(
                row.name,
                rx.cond(row.name_en, rx.text.span(" · ", row.name_en, color_scheme="gray")),
                padding_left=row.indent,
            )
        ),
        rx.table.cell(row.slug),
        rx.table.cell(row.position),
        rx.table.cell(
            edit_and_delete(
                on_edit=S.edit(row.id), on_delete=S.delete(row.id), id_prefix="category", row_id=row.id, name=row.name
            )
        ),
        id=f"category-row-{row.id}",
    )


def admin_categories_page() -> rx.Component:
    return admin_page(
        t("admin.categories.title"),
        rx.button(t("admin.categories.add"), on_click=S.new, id="categories-add"),
        notice_and_error(S.notice, S.error, prefix="categories"),
        rx.cond(S.editing, _form()),
        admin_table(
            [
                N_("admin.categories.name"),
                N_("admin.categories.slug"),
                N_("admin.categories.position"),
                N_("admin.categories.actions"),
            ],
            S.rows,
            _row,
            table_id="categories-table",
        ),
        page_id="admin-categories",
        loaded=S.loaded,
    )
