"""Form pieces every form reuses: a labelled field with its own error line, a checkbox, a form-wide error,
the server-checked form itself and its submit row.

Ids follow one pattern so browser tests and `aria-describedby` find them:
the input is `<form_id>-<name>` (underscores become dashes) and its error line `<form_id>-<name>-error`.
The server decides what is valid; the state fills the error vars, these pieces only show them.
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def field_id(form_id: str, name: str) -> str:
    return f"{form_id}-{name.replace('_', '-')}"


def error_line(error: rx.Var[str] | str, *, element_id: str) -> rx.Component:
    """The message(s) under a field; several messages are separated by newlines, one per line."""
    return rx.text(
        error,
        id=element_id,
        color_scheme="red",
        size="2",
        white_space="pre-line",
        aria_live="polite",
        display=rx.cond(error, "block", "none"),
    )


def form_field(
    *,
    form_id: str,
    name: str,
    label: str,
    error: rx.Var[str] | str = "",
    input_type: str = "text",
    hint: str = "",
    **input_props: object,
) -> rx.Component:
    """Label, input and the error line under it; extra props (auto_complete, max_length...) go to the input."""
    input_id = field_id(form_id, name)
    error_id = f"{input_id}-error"
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=input_id),
        rx.input(
            id=input_id,
            name=name,
            type=input_type,
            aria_invalid=rx.cond(error, "true", "false"),
            aria_describedby=error_id,
            width="100%",
            size="3",
            **input_props,
        ),
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        error_line(error, element_id=error_id),
        spacing="1",
        width="100%",
        align="stretch",
    )


def checkbox_field(*, form_id: str, name: str, label: str, error: rx.Var[str] | str = "") -> rx.Component:
    """A checkbox inside its label, with the error line; submits "on" under `name` when ticked."""
    input_id = field_id(form_id, name)
    error_id = f"{input_id}-error"
    return rx.vstack(
        rx.checkbox(label, id=input_id, name=name, aria_describedby=error_id, size="2"),
        error_line(error, element_id=error_id),
        spacing="1",
        width="100%",
    )


def form_error(error: rx.Var[str] | str, *, form_id: str) -> rx.Component:
    """An error about the whole form (not one field), shown above the submit button."""
    return rx.cond(
        error,
        rx.callout(error, icon="triangle-alert", color_scheme="red", id=f"{form_id}-error", width="100%"),
        rx.fragment(),
    )


def server_checked_form(
    *children: rx.Component, on_submit: Any, form_id: str, spacing: str = "3", **props: Any
) -> rx.Component:
    """A form whose rules the server checks: its parts in one column, and the browser's own validation off
    (it would stop at the first broken rule; the server shows every message at once, under its field)."""
    return rx.form(
        rx.vstack(*children, spacing=spacing, width="100%"),
        on_submit=on_submit,
        id=form_id,
        no_validate=True,
        width="100%",
        **props,
    )


def submit_row(
    label: str, *beside: rx.Component, button_id: str, busy: rx.Var[bool] | bool = False, **button_props: Any
) -> rx.Component:
    """The submit button (spinning while `busy`) and what stands beside it: a notice, a cancel button."""
    button = rx.button(label, type="submit", id=button_id, loading=busy, **button_props)
    if not beside:
        return button
    return rx.hstack(button, *beside, align="center", spacing="3", wrap="wrap")
