"""The /login page: login or email plus password, posted straight to the login route."""

from __future__ import annotations

import reflex as rx

from store_app.accounts.login.state import LoginPageState
from store_app.accounts.reset.pages import forgot_password_section, reset_done_notice
from store_app.core.i18n import t
from store_app.ui.forms import form_error, form_field
from store_app.ui.layout import layout
from store_app.ui.post_form import post_form
from store_app.ui.routes import BROWSER_CODE_PATH, BROWSER_LOGIN_PATH, LOGIN_ROUTE, REGISTER_ROUTE

FORM_MAX_WIDTH = "28rem"


def _login_form() -> rx.Component:
    return post_form(
        rx.vstack(
            form_field(
                form_id="login",
                name="identifier",
                label=t("login.identifier"),
                auto_complete="username",
                required=True,
                max_length=254,
            ),
            form_field(
                form_id="login",
                name="password",
                label=t("login.password"),
                input_type="password",
                auto_complete="current-password",
                required=True,
            ),
            rx.el.input(type="hidden", name="next", value=LoginPageState.next_path, read_only=True),
            rx.button(t("login.submit"), type="submit", id="login-submit", size="3", width="100%"),
            form_error(LoginPageState.error, form_id="login"),
            spacing="4",
            width="100%",
        ),
        action=BROWSER_LOGIN_PATH,
        id="login",
        width="100%",
    )


def _code_form() -> rx.Component:
    return post_form(
        rx.vstack(
            rx.text(t("mfa.login.lead"), size="2"),
            form_field(
                form_id="login-code",
                name="code",
                label=t("mfa.login.code"),
                auto_complete="one-time-code",
                required=True,
                max_length=32,
            ),
            rx.el.input(type="hidden", name="next", value=LoginPageState.next_path, read_only=True),
            rx.button(t("mfa.login.submit"), type="submit", id="login-code-submit", size="3", width="100%"),
            form_error(LoginPageState.error, form_id="login-code"),
            rx.link(t("mfa.login.restart"), href=LOGIN_ROUTE, id="login-code-restart", size="2"),
            spacing="4",
            width="100%",
        ),
        action=BROWSER_CODE_PATH,
        id="login-code",
        width="100%",
    )


def login_page() -> rx.Component:
    return layout(
        rx.center(
            rx.card(
                rx.vstack(
                    rx.heading(t("login.title"), size="7", as_="h1", id="login-title"),
                    rx.text(t("login.lead"), color_scheme="gray"),
                    rx.cond(
                        LoginPageState.code_step,
                        _code_form(),
                        rx.vstack(reset_done_notice(), _login_form(), forgot_password_section(), width="100%"),
                    ),
                    rx.hstack(
                        rx.text(t("login.no_account"), size="2"),
                        rx.link(t("login.register"), href=REGISTER_ROUTE, id="login-register-link", weight="medium"),
                        spacing="2",
                    ),
                    spacing="4",
                    width="100%",
                ),
                width="100%",
                max_width=FORM_MAX_WIDTH,
            ),
            width="100%",
        ),
        page_id="login-page",
    )
