"""The /cabinet page (SPEC A6): account, this session, all login sessions, profile, avatar, password, email
change, deletion, two-factor login.

Protected on the server: every loader asks the session guard, and a visitor is sent to the login
page (and back afterwards) before anything private is loaded.
"""

from __future__ import annotations

import reflex as rx

from store_app.accounts.cabinet.forms import avatar_form, delete_form, password_form, profile_form, section
from store_app.accounts.cabinet.mfa_form import mfa_form
from store_app.accounts.cabinet.mfa_state import CabinetMfaState
from store_app.accounts.cabinet.profile_state import CabinetProfileState
from store_app.accounts.cabinet.security_state import CabinetSecurityState
from store_app.accounts.cabinet.state import CabinetState
from store_app.accounts.email_change.pages import email_change_form
from store_app.accounts.email_change.state import CabinetEmailState
from store_app.accounts.sessions.state import SessionState
from store_app.core.i18n import t
from store_app.core.mailed_links import SESSIONS_ANCHOR
from store_app.orders.pages import orders_list
from store_app.orders.state import OrdersState
from store_app.ui.layout import layout
from store_app.ui.post_form import post_form
from store_app.ui.routes import BROWSER_LOGOUT_PATH, HOME_ROUTE

CABINET_ON_LOAD = [
    SessionState.require_login,
    CabinetState.load,
    CabinetProfileState.load,
    CabinetSecurityState.load,
    CabinetEmailState.load,
    CabinetMfaState.load,
    OrdersState.open_page,
]


def _row(label_key: str, value: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.text(t(label_key), weight="medium", min_width="8rem", color_scheme="gray"),
        # The value may shrink below its text (a long email wraps inside the card instead of running out).
        rx.box(value, min_width="0", flex="1"),
        spacing="3",
        align="center",
        width="100%",
    )


def _logout_button(button_id: str, label_key: str) -> rx.Component:
    # A native post: only the route's response can clear the HttpOnly session cookie.
    return post_form(
        rx.button(t(label_key), type="submit", size="1", color_scheme="red", variant="soft", id=button_id),
        action=BROWSER_LOGOUT_PATH,
    )


def _account_panel() -> rx.Component:
    return section(
        "cabinet.account.title",
        _row("cabinet.account.login", rx.text(CabinetState.login, id="cabinet-login")),
        _row("cabinet.account.name", rx.text(CabinetState.full_name, id="cabinet-name")),
        _row(
            "cabinet.account.email",
            rx.hstack(
                rx.text(CabinetState.email, id="cabinet-email", overflow_wrap="anywhere", min_width="0"),
                rx.cond(
                    CabinetState.email_confirmed,
                    rx.badge(
                        t("cabinet.account.confirmed"),
                        color_scheme="green",
                        high_contrast=True,
                        id="cabinet-email-confirmed",
                    ),
                    rx.hstack(
                        rx.badge(
                            t("cabinet.account.unconfirmed"),
                            color_scheme="orange",
                            high_contrast=True,
                            id="cabinet-email-unconfirmed",
                        ),
                        rx.button(
                            t("cabinet.account.resend"),
                            size="1",
                            variant="soft",
                            on_click=CabinetState.resend_activation,
                            id="cabinet-resend",
                        ),
                        rx.cond(
                            CabinetState.resend_notice,
                            rx.text(
                                CabinetState.resend_notice, size="2", color_scheme="green", id="cabinet-resend-notice"
                            ),
                            rx.fragment(),
                        ),
                        rx.cond(
                            CabinetState.resend_error,
                            rx.text(CabinetState.resend_error, size="2", color_scheme="red", id="cabinet-resend-error"),
                            rx.fragment(),
                        ),
                        spacing="2",
                        align="center",
                        wrap="wrap",
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
        ),
        rx.cond(CabinetState.is_staff, rx.badge(t("cabinet.role_staff"), id="cabinet-staff"), rx.fragment()),
        rx.text(CabinetState.session_text, size="2", id="cabinet-session-state"),
        section_id="cabinet-account",
    )


def _session_row(row: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                rx.text(row["device"]),
                rx.cond(
                    row["current"],
                    rx.badge(t("cabinet.sessions.this_one"), color_scheme="green", high_contrast=True),
                    rx.fragment(),
                ),
                spacing="2",
                wrap="wrap",
            )
        ),
        rx.table.cell(row["ip"]),
        rx.table.cell(row["started"]),
        rx.table.cell(row["last_seen"]),
        rx.table.cell(
            rx.cond(
                row["current"],
                _logout_button("cabinet-session-logout", "cabinet.sessions.end_this"),
                rx.button(
                    t("cabinet.sessions.end"),
                    size="1",
                    variant="soft",
                    on_click=CabinetState.end_session(row["id"]),
                    id="cabinet-session-end-" + row["id"],
                ),
            )
        ),
        class_name=rx.cond(row["current"], "cabinet-session current", "cabinet-session"),
    )


def _sessions_panel() -> rx.Component:
    header = rx.table.header(
        rx.table.row(
            *[
                rx.table.column_header_cell(t(key))
                for key in ("cabinet.sessions.device", "cabinet.sessions.ip", "cabinet.sessions.started")
            ],
            rx.table.column_header_cell(t("cabinet.sessions.last_seen")),
            rx.table.column_header_cell(""),
        )
    )
    return section(
        "cabinet.sessions.title",
        rx.box(
            rx.table.root(header, rx.table.body(rx.foreach(CabinetState.sessions, _session_row)), width="100%"),
            overflow_x="auto",
            width="100%",
        ),
        rx.button(
            t("cabinet.sessions.end_others"),
            variant="soft",
            on_click=CabinetState.end_other_sessions,
            id="cabinet-end-others",
            disabled=CabinetState.sessions.length() < 2,  # type: ignore[attr-defined]
        ),
        rx.cond(CabinetState.notice, rx.text(CabinetState.notice, id="cabinet-notice", size="2"), rx.fragment()),
        rx.cond(
            CabinetState.error,
            rx.text(CabinetState.error, id="cabinet-error", color_scheme="red", size="2"),
            rx.fragment(),
        ),
        section_id=SESSIONS_ANCHOR,
    )


def cabinet_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.cond(
                CabinetSecurityState.deleted,
                # The account is gone: neither its cabinet title nor a logout for a session that ended.
                rx.heading(t("cabinet.delete.gone_title"), size="7", as_="h1", id="cabinet-title"),
                rx.hstack(
                    rx.heading(t("cabinet.title"), size="7", as_="h1", id="cabinet-title"),
                    rx.spacer(),
                    _logout_button("cabinet-logout", "nav.logout"),
                    width="100%",
                    align="center",
                ),
            ),
            rx.cond(
                CabinetSecurityState.deleted,
                rx.callout(
                    rx.vstack(
                        rx.text(t("cabinet.delete.done"), weight="medium"),
                        rx.link(t("cabinet.delete.home"), href=HOME_ROUTE, id="cabinet-deleted-home"),
                        spacing="2",
                    ),
                    icon="circle-check",
                    color_scheme="green",
                    id="cabinet-deleted",
                    width="100%",
                ),
                rx.fragment(),
            ),
            rx.cond(
                CabinetState.loaded,
                rx.vstack(
                    rx.grid(_account_panel(), avatar_form(), columns=rx.breakpoints(initial="1", md="2"), spacing="4"),
                    _sessions_panel(),
                    section("cabinet.orders.title", orders_list(), section_id="cabinet-orders"),
                    profile_form(),
                    rx.grid(
                        password_form(), email_change_form(), columns=rx.breakpoints(initial="1", md="2"), spacing="4"
                    ),
                    delete_form(),
                    mfa_form(),
                    spacing="4",
                    width="100%",
                ),
                rx.cond(
                    CabinetSecurityState.deleted,
                    rx.fragment(),
                    rx.center(rx.spinner(size="3"), width="100%", padding="6"),
                ),
            ),
            spacing="4",
            width="100%",
        ),
        page_id="cabinet-page",
    )
