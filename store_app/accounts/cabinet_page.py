"""A first, small /cabinet (SPEC A6 grows it): who is logged in, email confirmed or not, log out.

Protected on the server: the loader asks the session guard and sends a visitor to the login
page with nothing private loaded.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from store_app.accounts.http_routes import BROWSER_LOGOUT_PATH
from store_app.accounts.models import User
from store_app.accounts.session_service import end_other_sessions
from store_app.accounts.session_state import current_context, login_redirect
from store_app.core.db import session_scope
from store_app.core.errors import NotAuthenticated
from store_app.core.i18n import t
from store_app.ui.layout import layout
from store_app.ui.post_form import post_form

CABINET_ROUTE = "/cabinet"


def _account(user_id: int) -> tuple[str, str, bool, bool]:
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotAuthenticated(t("cabinet.error.not_logged_in"))
        return user.login, user.email, user.email_confirmed_at is not None, user.is_staff


def _end_others(user_id: int, session_id: int) -> int:
    with session_scope() as session:
        return end_other_sessions(session=session, user_id=user_id, keep_session_id=session_id)


class CabinetState(rx.State):
    login: str = ""
    email: str = ""
    email_confirmed: bool = False
    is_staff: bool = False
    notice: str = ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        self.reset()
        try:
            context = await current_context(self)
            account = await asyncio.to_thread(_account, context.user_id)
        except NotAuthenticated:
            return login_redirect(self)
        self.login, self.email, self.email_confirmed, self.is_staff = account
        return None

    @rx.event
    async def end_other_sessions(self) -> rx.event.EventSpec | None:
        try:
            context = await current_context(self)
        except NotAuthenticated:
            self.reset()
            return login_redirect(self)
        ended = await asyncio.to_thread(_end_others, context.user_id, context.session_id)
        self.notice = t("cabinet.ended_others", count=ended)
        return None


def _row(label: str, value: rx.Component) -> rx.Component:
    return rx.hstack(rx.text(label, weight="medium", min_width="8rem"), value, spacing="3", align="center")


def cabinet_page() -> rx.Component:
    return layout(
        rx.vstack(
            rx.heading(t("cabinet.title"), size="7", id="cabinet-title"),
            _row(t("cabinet.login"), rx.text(CabinetState.login, id="cabinet-login")),
            _row(
                t("cabinet.email"),
                rx.hstack(
                    rx.text(CabinetState.email, id="cabinet-email"),
                    rx.cond(
                        CabinetState.email_confirmed,
                        rx.badge(t("cabinet.email_confirmed"), color_scheme="green", id="cabinet-email-confirmed"),
                        rx.badge(t("cabinet.email_unconfirmed"), color_scheme="orange", id="cabinet-email-unconfirmed"),
                    ),
                    spacing="2",
                ),
            ),
            rx.cond(CabinetState.is_staff, rx.badge(t("cabinet.role_staff"), id="cabinet-staff"), rx.fragment()),
            rx.hstack(
                rx.button(
                    t("cabinet.end_others"),
                    variant="soft",
                    on_click=CabinetState.end_other_sessions,
                    id="cabinet-end-others",
                ),
                post_form(
                    rx.button(t("nav.logout"), type="submit", color_scheme="red", variant="soft", id="cabinet-logout"),
                    action=BROWSER_LOGOUT_PATH,
                ),
                spacing="3",
                wrap="wrap",
            ),
            rx.cond(CabinetState.notice, rx.text(CabinetState.notice, id="cabinet-notice"), rx.fragment()),
            spacing="4",
            align="start",
        ),
        page_id="cabinet-page",
    )
