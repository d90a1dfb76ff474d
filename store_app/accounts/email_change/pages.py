"""The cabinet's "email address" form and the page the confirmation link opens."""

from __future__ import annotations

import reflex as rx

from store_app.accounts.cabinet.forms import section
from store_app.accounts.email_change.service import ChangeOutcome
from store_app.accounts.email_change.state import CabinetEmailState, EmailChangeLinkState
from store_app.core.i18n import N_, t
from store_app.ui.forms import form_field
from store_app.ui.layout import layout

FORM_ID = "email-change"  # not "cabinet-email": the account card shows the address under that id
# (title key, text key) of each outcome of opening a confirmation link.
OUTCOME_KEYS: dict[ChangeOutcome, tuple[str, str]] = {
    ChangeOutcome.CHANGED: (N_("email_change.changed.title"), N_("email_change.changed.text")),
    ChangeOutcome.INVALID: (N_("email_change.invalid.title"), N_("email_change.invalid.text")),
    ChangeOutcome.EXPIRED: (N_("email_change.expired.title"), N_("email_change.expired.text")),
    ChangeOutcome.TAKEN: (N_("email_change.taken.title"), N_("email_change.taken.text")),
}


def email_change_form() -> rx.Component:
    return section(
        "cabinet.email.title",
        rx.text(t("cabinet.email.lead"), size="2", color_scheme="gray"),
        rx.form(
            rx.vstack(
                *[
                    form_field(
                        form_id=FORM_ID,
                        name=name,
                        label=t(label),
                        error=CabinetEmailState.errors.get(name, ""),  # type: ignore[arg-type]
                        input_type=kind,
                        auto_complete=autocomplete,
                    )
                    for name, label, kind, autocomplete in (
                        ("new_email", N_("cabinet.email.new"), "email", "email"),
                        ("password", N_("cabinet.email.password"), "password", "current-password"),
                    )
                ],
                rx.button(
                    t("cabinet.email.submit"), type="submit", id="cabinet-email-submit", loading=CabinetEmailState.busy
                ),
                rx.cond(
                    CabinetEmailState.notice,
                    rx.text(CabinetEmailState.notice, color_scheme="green", size="2", id="cabinet-email-notice"),
                    rx.fragment(),
                ),
                rx.cond(
                    CabinetEmailState.pending,
                    rx.text(
                        t("cabinet.email.pending"), " ", CabinetEmailState.pending, size="2", id="cabinet-email-pending"
                    ),
                    rx.fragment(),
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=CabinetEmailState.request_change,
            id=FORM_ID,
            no_validate=True,
            width="100%",
        ),
        section_id="cabinet-email-section",
    )


def _result(outcome: ChangeOutcome, icon: str, color: str) -> tuple[str, rx.Component]:
    view = rx.vstack(
        rx.icon(icon, size=40, color=rx.color(color, 9)),
        rx.heading(t(OUTCOME_KEYS[outcome][0]), size="6", as_="h1", id="email-change-title"),
        rx.text(t(OUTCOME_KEYS[outcome][1])),
        rx.link(t("email_change.to_cabinet"), href="/cabinet", id="email-change-cabinet-link", weight="medium"),
        spacing="3",
        width="100%",
        id=f"email-change-{outcome}",
    )
    return outcome.value, view


def email_change_page() -> rx.Component:
    return layout(
        rx.center(
            rx.card(
                rx.match(
                    EmailChangeLinkState.outcome,
                    _result(ChangeOutcome.CHANGED, "circle-check", "green"),
                    _result(ChangeOutcome.EXPIRED, "link-2-off", "red"),
                    _result(ChangeOutcome.TAKEN, "link-2-off", "red"),
                    _result(ChangeOutcome.INVALID, "link-2-off", "red"),
                    rx.hstack(rx.spinner(), rx.text(t("activation.checking")), id="email-change-checking"),
                ),
                width="100%",
                max_width="32rem",
                id="email-change-panel",
            ),
            width="100%",
        ),
        page_id="email-change-page",
    )
