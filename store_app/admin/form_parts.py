"""Pieces the admin edit forms and tables share: a field that starts from a draft value, row buttons."""

from __future__ import annotations

from typing import Any

import reflex as rx

from store_app.core.i18n import t
from store_app.ui.forms import error_line, field_id


def draft_field(*, form_id: str, name: str, label: str, value: rx.Var, error: rx.Var[str]) -> rx.Component:
    """Label, an input that starts from `value` (the form re-mounts for each draft) and its error line."""
    input_id = field_id(form_id, name)
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=input_id),
        rx.input(id=input_id, name=name, default_value=value, width="100%"),
        error_line(error, element_id=f"{input_id}-error"),
        spacing="1",
        width="100%",
    )


def edit_and_delete(
    *, on_edit: Any, on_delete: Any, id_prefix: str, row_id: rx.Var, name: rx.Var[str] | str = ""
) -> rx.Component:
    """The "Edit" and "Delete" buttons of a table row: ids `<id_prefix>-edit-<id>` and `-delete-<id>`.
    "Delete" asks first (`-delete-confirm-<id>` / `-delete-cancel-<id>`): it sits next to "Edit"."""
    suffix = row_id.to_string()
    return rx.hstack(
        rx.button(
            t("admin.products.edit_button"),
            size="1",
            variant="soft",
            on_click=on_edit,
            id=f"{id_prefix}-edit-" + suffix,
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button(
                    t("admin.products.delete"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    id=f"{id_prefix}-delete-" + suffix,
                ),
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title(t("admin.delete_confirm.title"), " ", name, "?"),
                rx.alert_dialog.description(t("admin.delete_confirm.text"), size="2"),
                rx.hstack(
                    rx.alert_dialog.cancel(
                        rx.button(
                            t("admin.delete_confirm.keep"), variant="soft", id=f"{id_prefix}-delete-cancel-" + suffix
                        )
                    ),
                    rx.alert_dialog.action(
                        rx.button(
                            t("admin.products.delete"),
                            color_scheme="red",
                            on_click=on_delete,
                            id=f"{id_prefix}-delete-confirm-" + suffix,
                        )
                    ),
                    spacing="3",
                    justify="end",
                    margin_top="16px",
                ),
                max_width="420px",
            ),
        ),
    )


def edit_form_card(*fields: rx.Component, form_id: str, on_submit: Any, on_close: Any, key: rx.Var) -> rx.Component:
    """An edit form in a card: its fields, then "Save" (`<form_id>-save`) and "Cancel"; `key` re-mounts it."""
    return rx.card(
        rx.form(
            rx.vstack(
                *fields,
                rx.hstack(
                    rx.button(t("admin.products.save"), type="submit", id=f"{form_id}-save"),
                    rx.button(t("admin.products.cancel"), type="button", variant="soft", on_click=on_close),
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=on_submit,
            key=key,
            id=form_id,
        ),
        width="100%",
    )
