"""The progressive password reset form shown on /login (SPEC A4): its fields open one after another.

`forgot_password_section()` goes under the login form and `reset_done_notice()` above it: when the
reset succeeds the reset form closes and the login form stays, with the notice and the address.
"""

from __future__ import annotations

import reflex as rx

from store_app.accounts.reset.service import CODE_DIGITS
from store_app.accounts.reset.state import STEP_CODE, STEP_EMAIL, STEP_PASSWORD, ResetState
from store_app.core.i18n import N_, t
from store_app.ui.forms import form_error, form_field, server_checked_form, submit_row

FORM_ID = "reset"


def _step_form(*fields: rx.Component, actions: rx.Component, on_submit: rx.EventHandler, form_id: str) -> rx.Component:
    return server_checked_form(*fields, actions, on_submit=on_submit, form_id=form_id, spacing="2")


def _email_step() -> rx.Component:
    email = form_field(
        form_id=FORM_ID,
        name="email",
        label=t("reset.email"),
        input_type="email",
        auto_complete="email",
        max_length=254,
        read_only=ResetState.step != STEP_EMAIL,
    )
    sent = rx.hstack(
        rx.text(ResetState.code_sent_text, size="2", id="reset-code-sent"),
        rx.button(
            t("reset.change_email"),
            type="button",
            variant="ghost",
            size="1",
            on_click=ResetState.open_form,
            id="reset-change-email",
        ),
        align="center",
        wrap="wrap",
    )
    send = submit_row(t("reset.send_code"), button_id="reset-send", busy=ResetState.busy, width="100%")
    actions = rx.cond(ResetState.step == STEP_EMAIL, send, sent)
    return _step_form(email, actions=actions, on_submit=ResetState.request_code, form_id="reset-email-form")


def _code_step() -> rx.Component:
    code = form_field(
        form_id=FORM_ID,
        name="code",
        label=t("reset.code"),
        auto_complete="one-time-code",
        input_mode="numeric",
        max_length=CODE_DIGITS,
        read_only=ResetState.step != STEP_CODE,
    )
    buttons = submit_row(
        t("reset.check_code"),
        rx.button(
            t("reset.resend"),
            type="button",
            variant="soft",
            on_click=ResetState.resend_code,
            id="reset-resend",
            disabled=ResetState.busy,
        ),
        button_id="reset-check",
        busy=ResetState.busy,
    )
    actions = rx.cond(ResetState.step == STEP_CODE, buttons, rx.fragment())
    return _step_form(code, actions=actions, on_submit=ResetState.check_code, form_id="reset-code-form")


def _password_step() -> rx.Component:
    fields = [
        form_field(
            form_id=FORM_ID,
            name=name,
            label=t(label_key),
            input_type="password",
            auto_complete="new-password",
            # No maxlength: the server says the limit instead of a silent cut (as on /register).
        )
        for name, label_key in (("password", N_("reset.password")), ("password2", N_("reset.password2")))
    ]
    submit = submit_row(t("reset.submit"), button_id="reset-submit", busy=ResetState.busy, width="100%")
    return _step_form(*fields, actions=submit, on_submit=ResetState.set_password, form_id="reset-password-form")


def _reset_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(t("reset.title"), size="4", as_="h2", id="reset-title"),
                rx.spacer(),
                rx.icon_button(
                    rx.icon("x", size=16),
                    variant="ghost",
                    on_click=ResetState.close_form,
                    id="reset-close",
                    aria_label=t("reset.close"),
                ),
                width="100%",
                align="center",
            ),
            rx.text(t("reset.lead"), size="2", color_scheme="gray"),
            _email_step(),
            rx.cond(ResetState.step != STEP_EMAIL, _code_step(), rx.fragment()),
            rx.cond(ResetState.step == STEP_PASSWORD, _password_step(), rx.fragment()),
            # Each step's error, under the form.
            form_error(ResetState.error, form_id=FORM_ID),
            spacing="3",
            width="100%",
        ),
        id="reset-panel",
        width="100%",
    )


def forgot_password_section() -> rx.Component:
    """Under the login form: the "forgot your password?" button, or the open reset form."""
    return rx.cond(
        ResetState.is_open,
        _reset_form(),
        rx.button(
            t("reset.forgot"), type="button", variant="ghost", on_click=ResetState.open_form, id="reset-open", size="2"
        ),
    )


def reset_done_notice() -> rx.Component:
    """Above the login form, once the password was reset."""
    return rx.cond(
        ResetState.done,
        rx.callout(t("reset.done"), icon="circle-check", color_scheme="green", id="reset-done", width="100%"),
        rx.fragment(),
    )
