"""The cabinet's forms: profile, avatar, password change, account deletion (SPEC A6, A8)."""

from __future__ import annotations

import reflex as rx

from store_app.accounts.cabinet.profile_state import AVATAR_UPLOAD_ID, CabinetProfileState
from store_app.accounts.cabinet.security_state import CabinetSecurityState
from store_app.accounts.profile.service import ADDRESS_MAX
from store_app.accounts.rules.passwords import PASSWORD_MAX_LENGTH
from store_app.accounts.rules.person_names import NAME_MAX
from store_app.core.i18n import N_, t
from store_app.ui.bridge import FORM
from store_app.ui.forms import error_line, form_error, form_field, server_checked_form, submit_row

AVATAR_TYPES = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}


def section(title_key: str, *children: rx.Component, section_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(t(title_key), size="4", as_="h2"), *children, spacing="3", width="100%"),
        id=section_id,
        width="100%",
    )


def _notice(text: rx.Var[str], element_id: str) -> rx.Component:
    return rx.cond(text, rx.text(text, id=element_id, color_scheme="green", size="2"), rx.fragment())


PROFILE_LABELS = {
    "last_name": N_("cabinet.profile.last_name"),
    "first_name": N_("cabinet.profile.first_name"),
    "patronymic": N_("cabinet.profile.patronymic"),
    "phone": N_("cabinet.profile.phone"),
    "birth_date": N_("cabinet.profile.birth_date"),
    "address": N_("cabinet.profile.address"),
}


def _profile_field(name: str, **props: object) -> rx.Component:
    return form_field(
        form_id="cabinet-profile",
        name=name,
        label=t(PROFILE_LABELS[name]),
        error=CabinetProfileState.errors.get(name, ""),  # type: ignore[arg-type]
        default_value=CabinetProfileState.values.get(name, ""),
        **props,
    )


def profile_form() -> rx.Component:
    # Rendered once the values are loaded, so the uncontrolled inputs start with them.
    form = server_checked_form(
        rx.grid(
            _profile_field("last_name", max_length=NAME_MAX, auto_complete="family-name"),
            _profile_field("first_name", max_length=NAME_MAX, auto_complete="given-name"),
            _profile_field("patronymic", max_length=NAME_MAX, auto_complete="additional-name"),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        rx.grid(
            _profile_field("phone", input_type="tel", hint=t("cabinet.profile.phone_hint"), auto_complete="tel"),
            _profile_field("birth_date", input_type="date", auto_complete="bday"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        _profile_field("address", max_length=ADDRESS_MAX, auto_complete="street-address"),
        form_error(CabinetProfileState.errors.get(FORM, ""), form_id="cabinet-profile"),  # type: ignore[arg-type]
        submit_row(
            t("cabinet.profile.submit"),
            _notice(CabinetProfileState.notice, "cabinet-profile-notice"),
            button_id="cabinet-profile-submit",
            busy=CabinetProfileState.busy,
        ),
        on_submit=CabinetProfileState.save,
        form_id="cabinet-profile",
    )
    return section(
        "cabinet.profile.title",
        rx.cond(CabinetProfileState.loaded, form, rx.spinner()),
        section_id="cabinet-profile-section",
    )


def avatar_form() -> rx.Component:
    return section(
        "cabinet.avatar.title",
        rx.hstack(
            rx.avatar(
                src=CabinetProfileState.avatar_url, fallback="?", size="7", radius="full", id="cabinet-avatar-image"
            ),
            rx.vstack(
                rx.upload(
                    rx.button(rx.icon("image-up", size=16), t("cabinet.avatar.choose"), type="button", variant="soft"),
                    id=AVATAR_UPLOAD_ID,
                    accept=AVATAR_TYPES,
                    max_files=1,
                    multiple=False,
                    on_drop=CabinetProfileState.upload_avatar(rx.upload_files(upload_id=AVATAR_UPLOAD_ID)),
                    on_drop_rejected=CabinetProfileState.avatar_rejected,
                    border=f"1px dashed {rx.color('gray', 7)}",
                    border_radius="var(--radius-3)",
                    padding="3",
                ),
                rx.text(t("cabinet.avatar.hint"), size="1", color_scheme="gray"),
                error_line(CabinetProfileState.avatar_error, element_id="cabinet-avatar-error"),
                _notice(CabinetProfileState.avatar_notice, "cabinet-avatar-notice"),
                rx.cond(
                    CabinetProfileState.avatar_url,
                    rx.button(
                        t("cabinet.avatar.remove"),
                        type="button",
                        variant="ghost",
                        color_scheme="red",
                        size="1",
                        on_click=CabinetProfileState.remove_avatar,
                        id="cabinet-avatar-remove",
                    ),
                    rx.fragment(),
                ),
                spacing="2",
            ),
            spacing="4",
            align="center",
        ),
        section_id="cabinet-avatar-section",
    )


def _password_field(name: str, label_key: str, autocomplete: str) -> rx.Component:
    return form_field(
        form_id="cabinet-password",
        name=name,
        label=t(label_key),
        error=CabinetSecurityState.password_errors.get(name, ""),  # type: ignore[arg-type]
        input_type="password",
        auto_complete=autocomplete,
        # No maxlength: a pasted longer password would be cut silently and then "not match";
        # the server says the limit instead (as on /register).
    )


def password_form() -> rx.Component:
    return section(
        "cabinet.password.title",
        server_checked_form(
            _password_field("old_password", "cabinet.password.old", "current-password"),
            _password_field("new_password", "cabinet.password.new", "new-password"),
            _password_field("new_password2", "cabinet.password.new2", "new-password"),
            submit_row(
                t("cabinet.password.submit"), button_id="cabinet-password-submit", busy=CabinetSecurityState.busy
            ),
            _notice(CabinetSecurityState.password_notice, "cabinet-password-notice"),
            on_submit=CabinetSecurityState.change_password,
            form_id="cabinet-password",
        ),
        section_id="cabinet-password-section",
    )


def delete_form() -> rx.Component:
    return section(
        "cabinet.delete.title",
        rx.text(t("cabinet.delete.warning"), size="2", color_scheme="gray"),
        server_checked_form(
            form_field(
                form_id="cabinet-delete",
                name="password",
                label=t("cabinet.delete.password"),
                error=CabinetSecurityState.delete_error,
                input_type="password",
                auto_complete="current-password",
                max_length=PASSWORD_MAX_LENGTH,
            ),
            submit_row(
                t("cabinet.delete.submit"),
                button_id="cabinet-delete-submit",
                busy=CabinetSecurityState.busy,
                color_scheme="red",
            ),
            on_submit=CabinetSecurityState.delete_account,
            form_id="cabinet-delete",
        ),
        section_id="cabinet-delete-section",
    )
