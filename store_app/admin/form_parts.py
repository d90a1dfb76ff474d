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


def edit_and_delete(*, on_edit: Any, on_delete: Any, id_prefix: str, row_id: rx.Var) -> rx.Component:
    """The "Edit" and "Delete" buttons of a table row: ids `<id_prefix>-edit-<id>` and `-delete-<id>`."""
    return rx.hstack(
        rx.button(
            t("admin.products.edit_button"),
            size="1",
            variant="soft",
            on_click=on_edit,
            id=f"{id_prefix}-edit-" + row_id.to_string(),
        ),
        rx.button(
            t("admin.products.delete"),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=on_delete,
            id=f"{id_prefix}-delete-" + row_id.to_string(),
        ),
    )
