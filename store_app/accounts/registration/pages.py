"""Pages of registration (/register), the activation link (/activate/<token>) and the new-link form."""

from __future__ import annotations

import reflex as rx

from store_app.accounts.registration.activation_service import ActivationOutcome
from store_app.accounts.registration.state import FORM_WIDE, ActivationState, NewLinkState, RegistrationState
from store_app.accounts.rules.passwords import PASSWORD_MAX_LENGTH
from store_app.accounts.rules.person_names import NAME_MAX
from store_app.core.i18n import N_, t
from store_app.core.settings import get_settings
from store_app.ui.forms import checkbox_field, form_error, form_field, server_checked_form, submit_row
from store_app.ui.layout import layout
from store_app.ui.link_button import link_button
from store_app.ui.routes import LOGIN_ROUTE, NEW_LINK_ROUTE, RULES_ROUTE

FORM_MAX_WIDTH = "32rem"


def _panel(*children: rx.Component, panel_id: str) -> rx.Component:
    return rx.card(rx.vstack(*children, spacing="4", width="100%"), id=panel_id, width="100%", max_width=FORM_MAX_WIDTH)


def _login_link(link_id: str) -> rx.Component:
    return rx.link(t("activation.login"), href=LOGIN_ROUTE, id=link_id, weight="medium")


def _field(name: str, label_key: str, **props: object) -> rx.Component:
    error = RegistrationState.errors.get(name, "")
    return form_field(form_id="register", name=name, label=t(label_key), error=error, **props)  # type: ignore[arg-type]


def _registration_form() -> rx.Component:
    min_length = get_settings().password_min_length
    # Browser hints (required, maxlength, type=email) help; the service decides.
    # The server checks every rule and shows all errors at once; the browser must not stop at the first.
    return server_checked_form(
        rx.grid(
            _field("last_name", "register.last_name", required=True, max_length=NAME_MAX),
            _field("first_name", "register.first_name", required=True, max_length=NAME_MAX),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        _field("patronymic", "register.patronymic", max_length=NAME_MAX),
        _field("login", "register.login", hint=t("register.login_hint"), auto_complete="username", max_length=32),
        _field("email", "register.email", input_type="email", auto_complete="email"),
        _field(
            "password",
            "register.password",
            input_type="password",
            hint=t("register.password_hint", min=min_length, max=PASSWORD_MAX_LENGTH),
            auto_complete="new-password",
            # No maxlength: a pasted longer password would be cut silently and then "not match";
            # the server says the limit instead.
        ),
        _field("password_repeat", "register.password_repeat", input_type="password", auto_complete="new-password"),
        checkbox_field(
            form_id="register",
            name="accept_rules",
            label=t("register.accept_rules"),
            error=RegistrationState.errors.get("accept_rules", ""),  # type: ignore[arg-type]
        ),
        rx.link(t("register.rules_link"), href=RULES_ROUTE, is_external=True, size="2", id="register-rules-link"),
        form_error(RegistrationState.errors.get(FORM_WIDE, ""), form_id="register"),  # type: ignore[arg-type]
        submit_row(
            t("register.submit"),
            button_id="register-submit",
            busy=RegistrationState.submitting,
            size="3",
            width="100%",
        ),
        rx.hstack(rx.text(t("register.have_account"), size="2"), _login_link("register-login-link"), spacing="2"),
        on_submit=RegistrationState.submit,
        form_id="register",
        spacing="4",
    )


def _registration_done() -> rx.Component:
    return rx.vstack(
        rx.icon("mail-check", size=40, color=rx.color("accent", 9)),
        rx.heading(t("register.done.title"), size="6", as_="h1"),
        rx.text(RegistrationState.done_text, id="register-done-text"),
        # Not logged in at once: that would tell whoever types an address whether it has an account
        # (a taken one gets this same page). The login is one step, with the login filled in.
        link_button(t("register.done.login"), href=RegistrationState.login_link, size="3", id="register-login-now"),
        rx.text(t("register.done.no_mail"), size="2", color_scheme="gray"),
        rx.cond(
            RegistrationState.mail_problem,
            rx.callout(
                RegistrationState.mail_problem_text,
                icon="triangle-alert",
                color_scheme=rx.cond(RegistrationState.mail_problem == "failed", "red", "amber"),
                id="register-mail-problem",
            ),
            rx.fragment(),
        ),
        rx.link(t("resend.title"), href=NEW_LINK_ROUTE, id="register-new-link", size="2"),
        spacing="3",
        id="register-done",
    )


def register_page() -> rx.Component:
    return layout(
        rx.center(
            _panel(
                rx.cond(
                    RegistrationState.registered_email,
                    _registration_done(),
                    rx.vstack(
                        rx.heading(t("register.title"), size="7", as_="h1", id="register-title"),
                        rx.text(t("register.lead"), color_scheme="gray"),
                        _registration_form(),
                        spacing="3",
                        width="100%",
                    ),
                ),
                panel_id="register-panel",
            ),
        ),
        page_id="register-page",
    )


def new_link_form() -> rx.Component:
    """The public "send me a new link" form (on the bad-link page and its own page)."""
    return rx.cond(
        NewLinkState.sent,
        rx.callout(t("resend.done"), icon="mail-check", id="new-link-done", width="100%"),
        server_checked_form(
            rx.text(t("resend.lead"), size="2"),
            form_field(
                form_id="new-link",
                name="email",
                label=t("resend.email"),
                error=NewLinkState.email_error,
                input_type="email",
                auto_complete="email",
                required=True,
            ),
            submit_row(t("resend.submit"), button_id="new-link-submit", width="100%"),
            on_submit=NewLinkState.request_link,
            form_id="new-link",
        ),
    )


def new_link_page() -> rx.Component:
    return layout(
        rx.center(
            _panel(rx.heading(t("resend.title"), size="6", as_="h1"), new_link_form(), panel_id="new-link-panel")
        ),
        page_id="new-link-page",
    )


# (title key, text key) of each outcome of opening an activation link.
OUTCOME_KEYS: dict[ActivationOutcome, tuple[str, str]] = {
    ActivationOutcome.ACTIVATED: (N_("activation.activated.title"), N_("activation.activated.text")),
    ActivationOutcome.USED: (N_("activation.used.title"), N_("activation.used.text")),
    ActivationOutcome.EXPIRED: (N_("activation.expired.title"), N_("activation.expired.text")),
    ActivationOutcome.SUPERSEDED: (N_("activation.superseded.title"), N_("activation.superseded.text")),
    ActivationOutcome.INVALID: (N_("activation.invalid.title"), N_("activation.invalid.text")),
}


def _bad_link(outcome: ActivationOutcome, **params: object) -> tuple[str, rx.Component]:
    view = rx.vstack(
        rx.icon("link-2-off", size=40, color=rx.color("red", 9)),
        rx.heading(t(OUTCOME_KEYS[outcome][0]), size="6", as_="h1", id="activation-title"),
        rx.text(t(OUTCOME_KEYS[outcome][1], **params)),
        rx.divider(),
        new_link_form(),
        spacing="3",
        width="100%",
        id=f"activation-{outcome}",
    )
    return outcome.value, view


def _activated() -> rx.Component:
    return rx.vstack(
        rx.icon("circle-check", size=40, color=rx.color("green", 9)),
        rx.heading(t(OUTCOME_KEYS[ActivationOutcome.ACTIVATED][0]), size="6", as_="h1", id="activation-title"),
        rx.text(t(OUTCOME_KEYS[ActivationOutcome.ACTIVATED][1])),
        _login_link("activation-login-link"),
        spacing="3",
        id="activation-activated",
    )


def activate_page() -> rx.Component:
    hours = get_settings().activation_token_hours
    return layout(
        rx.center(
            _panel(
                rx.match(
                    ActivationState.outcome,
                    (ActivationOutcome.ACTIVATED.value, _activated()),
                    _bad_link(ActivationOutcome.USED),
                    _bad_link(ActivationOutcome.EXPIRED, hours=hours),
                    _bad_link(ActivationOutcome.SUPERSEDED),
                    _bad_link(ActivationOutcome.INVALID),
                    rx.hstack(rx.spinner(), rx.text(t("activation.checking")), id="activation-checking"),
                ),
                panel_id="activation-panel",
            )
        ),
        page_id="activation-page",
    )
