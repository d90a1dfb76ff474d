"""The cabinet's two-factor panel: status, setup with a server-drawn QR, recovery codes once, turning off.

The QR, the key and the codes are images of session-checked routes, never text in a var."""

from __future__ import annotations

import reflex as rx

from store_app.accounts.cabinet.forms import section
from store_app.accounts.cabinet.mfa_state import CabinetMfaState
from store_app.accounts.mfa.routes import CODES_SVG_PATH, CODES_TEXT_PATH, SETUP_KEY_PATH, SETUP_QR_PATH
from store_app.accounts.rules.passwords import PASSWORD_MAX_LENGTH
from store_app.core.i18n import t
from store_app.ui.forms import form_field, server_checked_form, submit_row
from store_app.ui.post_form import post_form


def _code_field(form_id: str) -> rx.Component:
    return form_field(
        form_id=form_id,
        name="code",
        label=t("cabinet.mfa.code"),
        error=CabinetMfaState.errors.get("code", ""),  # type: ignore[arg-type]
        auto_complete="one-time-code",
        max_length=32,
    )


def _setup() -> rx.Component:
    return rx.vstack(
        rx.text(t("cabinet.mfa.scan"), size="2"),
        rx.image(
            src=f"{SETUP_QR_PATH}?v={CabinetMfaState.picture_version}",
            alt=t("cabinet.mfa.qr_alt"),
            id="cabinet-mfa-qr",
            width="12rem",
        ),
        rx.vstack(
            rx.text(t("cabinet.mfa.secret"), size="2", color_scheme="gray"),
            rx.image(
                src=f"{SETUP_KEY_PATH}?v={CabinetMfaState.picture_version}",
                alt=t("cabinet.mfa.key_alt"),
                id="cabinet-mfa-secret",
                max_width="100%",
            ),
            spacing="1",
        ),
        server_checked_form(
            _code_field("cabinet-mfa-confirm"),
            submit_row(
                t("cabinet.mfa.confirm"),
                rx.button(
                    t("cabinet.mfa.cancel"),
                    type="button",
                    variant="soft",
                    on_click=CabinetMfaState.cancel_setup,
                    id="cabinet-mfa-cancel",
                ),
                button_id="cabinet-mfa-confirm-submit",
            ),
            on_submit=CabinetMfaState.confirm,
            form_id="cabinet-mfa-confirm",
        ),
        spacing="3",
        width="100%",
    )


def _recovery_codes() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("cabinet.mfa.codes_lead"), size="2"),
            rx.image(
                src=f"{CODES_SVG_PATH}?v={CabinetMfaState.picture_version}",
                alt=t("cabinet.mfa.codes_alt"),
                id="cabinet-mfa-codes",
                max_width="100%",
            ),
            # A native post answered as an attachment: the app's router would catch a plain link.
            post_form(
                rx.button(
                    t("cabinet.mfa.codes_download"),
                    type="submit",
                    size="1",
                    variant="soft",
                    id="cabinet-mfa-codes-download",
                ),
                action=CODES_TEXT_PATH,
            ),
            rx.button(
                t("cabinet.mfa.codes_done"), size="1", on_click=CabinetMfaState.codes_saved, id="cabinet-mfa-codes-done"
            ),
            spacing="3",
        ),
        icon="key-round",
        color_scheme="amber",
        width="100%",
    )


def _turn_off() -> rx.Component:
    return server_checked_form(
        form_field(
            form_id="cabinet-mfa-off",
            name="password",
            label=t("cabinet.mfa.password"),
            error=CabinetMfaState.errors.get("password", ""),  # type: ignore[arg-type]
            input_type="password",
            auto_complete="current-password",
            max_length=PASSWORD_MAX_LENGTH,
        ),
        _code_field("cabinet-mfa-off"),
        submit_row(t("cabinet.mfa.disable"), button_id="cabinet-mfa-off-submit", color_scheme="red", variant="soft"),
        on_submit=CabinetMfaState.turn_off,
        form_id="cabinet-mfa-off",
    )


def mfa_form() -> rx.Component:
    return section(
        "cabinet.mfa.title",
        rx.cond(
            CabinetMfaState.required & ~CabinetMfaState.enabled,
            rx.callout(
                t("cabinet.mfa.required"), icon="shield-alert", color_scheme="orange", id="cabinet-mfa-required"
            ),
            rx.fragment(),
        ),
        rx.cond(CabinetMfaState.showing_codes, _recovery_codes(), rx.fragment()),
        rx.cond(
            CabinetMfaState.enabled,
            rx.vstack(
                rx.text(t("cabinet.mfa.on"), size="2", id="cabinet-mfa-on"),
                rx.text(
                    t("cabinet.mfa.left"),
                    " ",
                    CabinetMfaState.codes_left,
                    size="2",
                    color_scheme="gray",
                    id="cabinet-mfa-left",
                ),
                _turn_off(),
                spacing="3",
                width="100%",
            ),
            rx.vstack(
                rx.text(t("cabinet.mfa.off"), size="2", id="cabinet-mfa-off-state"),
                rx.cond(
                    CabinetMfaState.setting_up,
                    _setup(),
                    rx.button(t("cabinet.mfa.start"), on_click=CabinetMfaState.start_setup, id="cabinet-mfa-start"),
                ),
                spacing="3",
                width="100%",
            ),
        ),
        rx.cond(
            CabinetMfaState.notice,
            rx.text(CabinetMfaState.notice, color_scheme="green", size="2", id="cabinet-mfa-notice"),
            rx.fragment(),
        ),
        section_id="cabinet-mfa-section",
    )
