"""What /admin/products shows: the search, the product table and the edit form."""

from __future__ import annotations

import reflex as rx

from store_app.admin.form_parts import draft_field, edit_and_delete
from store_app.admin.product_pictures import pictures_panel
from store_app.admin.products_form import ATTRIBUTE_PREFIX, AttributeField
from store_app.admin.products_state import AdminProductRow, AdminProductsState, CategoryChoice
from store_app.admin.shell import admin_page, admin_table, notice_and_error, pager, search_form
from store_app.core.i18n import N_, t
from store_app.ui.forms import error_line, field_id, form_error

FORM = "product-form"
S = AdminProductsState
HEADERS = [
    N_("admin.products.name"),
    N_("admin.products.price"),
    N_("admin.products.stock"),
    N_("admin.products.active"),
    N_("admin.products.actions"),
]


def _field(name: str, label_key: str, value: rx.Var) -> rx.Component:
    return draft_field(form_id=FORM, name=name, label=t(label_key), value=value, error=S.errors[name])


def _category(choice: CategoryChoice, *, ticked: bool) -> rx.Component:
    """One checkbox; hidden (still submitted) when the filter box does not match its path."""
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name="category-" + choice.id,
            default_checked=ticked,
            id="product-category-" + choice.id,
            on_change=lambda checked: S.tick_category(choice.id, checked),
        ),
        " ",
        choice.path if ticked else choice.name,
        title=choice.path,
        display=rx.cond(choice.search.contains(S.category_filter), "block", "none"),
        padding_left="0px" if ticked else choice.indent,
        font_weight="bold" if ticked else "normal",
        class_name="product-category-choice",
    )


def _categories() -> rx.Component:
    return rx.vstack(
        rx.text(t("admin.products.categories"), size="2", weight="medium"),
        rx.input(
            placeholder=t("admin.categories.filter"),
            on_change=S.filter_categories.debounce(250),
            type="search",
            id="product-category-filter",
            aria_label=t("admin.categories.filter"),
            width="100%",
        ),
        rx.box(
            rx.foreach(S.ticked_categories, lambda choice: _category(choice, ticked=True)),
            rx.foreach(S.other_categories, lambda choice: _category(choice, ticked=False)),
            max_height="320px",
            overflow_y="auto",
            width="100%",
            border=f"1px solid {rx.color('gray', 6)}",
            border_radius="var(--radius-2)",
            padding="8px",
            id="product-categories",
        ),
        spacing="2",
        width="100%",
    )


def _description() -> rx.Component:
    input_id = field_id(FORM, "description")
    return rx.vstack(
        rx.el.label(rx.text(t("admin.products.description"), size="2", weight="medium"), html_for=input_id),
        rx.text_area(id=input_id, name="description", default_value=S.draft.description, rows="6", width="100%"),
        error_line(S.errors["description"], element_id=f"{input_id}-error"),
        spacing="1",
        width="100%",
    )


def _attribute(field: AttributeField) -> rx.Component:
    """A list for a choice or yes/no, a text field for a number (its unit in the label) or text."""
    input_id = FORM + "-attr-" + field.code
    label = rx.cond(field.unit, field.name + ", " + field.unit, field.name)
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=input_id),
        rx.cond(
            field.options,
            rx.el.select(
                rx.foreach(
                    field.options,
                    lambda option, index: rx.el.option(field.labels[index], value=option),
                ),
                name=ATTRIBUTE_PREFIX + field.code,
                default_value=field.value,
                id=input_id,
                class_name="rt-reset rt-SelectTrigger rt-r-size-2 rt-variant-surface",
                width="100%",
            ),
            rx.input(name=ATTRIBUTE_PREFIX + field.code, default_value=field.value, id=input_id, width="100%"),
        ),
        error_line(S.errors[field.error_key], element_id=input_id + "-error"),
        spacing="1",
        width="100%",
        # Keyed by code: when a ticked category adds fields, each input keeps what was typed in it.
        key=field.code,
    )


def _attributes() -> rx.Component:
    return rx.vstack(
        rx.text(t("admin.products.attributes"), size="2", weight="medium"),
        rx.text(t("admin.products.attributes_hint"), size="1", color_scheme="gray"),
        rx.grid(
            rx.foreach(S.draft.attributes, _attribute),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
        id="product-attributes",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(rx.cond(S.draft.id, t("admin.products.edit"), t("admin.products.new")), size="4", as_="h2"),
                form_error(S.errors["form"], form_id=FORM),
                _field("name", "admin.products.name", S.draft.name),
                rx.grid(
                    _field("price", "admin.products.price", S.draft.price),
                    _field("discount_price", "admin.products.discount_price", S.draft.discount_price),
                    _field("stock", "admin.products.stock", S.draft.stock),
                    columns="3",
                    spacing="3",
                    width="100%",
                ),
                _description(),
                pictures_panel(),
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        name="is_active",
                        default_checked=S.draft.is_active,
                        id=field_id(FORM, "is_active"),
                    ),
                    " ",
                    t("admin.products.active"),
                ),
                _categories(),
                error_line(S.errors["category_ids"], element_id=f"{field_id(FORM, 'category_ids')}-error"),
                _attributes(),
                rx.hstack(
                    rx.button(t("admin.products.save"), type="submit", id=f"{FORM}-save"),
                    rx.button(
                        t("admin.products.cancel"), type="button", variant="soft", on_click=S.close, id=f"{FORM}-cancel"
                    ),
                    spacing="3",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            id=FORM,
            key=S.form_key,
        ),
        width="100%",
    )


def _row(row: AdminProductRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.name),
        rx.table.cell(row.price),
        rx.table.cell(row.stock, id=f"product-stock-{row.id}"),
        rx.table.cell(rx.cond(row.active, t("admin.yes"), t("admin.no"))),
        rx.table.cell(
            edit_and_delete(
                on_edit=S.edit(row.id), on_delete=S.delete(row.id), id_prefix="product", row_id=row.id, name=row.name
            )
        ),
        id=f"product-row-{row.id}",
    )


def admin_products_page() -> rx.Component:
    return admin_page(
        t("admin.products.title"),
        rx.hstack(
            search_form(on_submit=S.search, hint_key="admin.products.search_hint", prefix="products"),
            rx.spacer(),
            rx.button(t("admin.products.export"), on_click=S.export, variant="soft", id="products-export"),
            rx.button(t("admin.products.add"), on_click=S.new, id="products-add"),
            # On a phone the buttons go under the search (in one row the page was 394 px wide at 390).
            wrap="wrap",
            width="100%",
        ),
        notice_and_error(S.notice, "", prefix="products"),
        rx.cond(S.editing, _form()),
        admin_table(HEADERS, S.products, _row, table_id="products-table"),
        pager(S, prefix="products"),
        page_id="admin-products",
        loaded=S.loaded,
    )
