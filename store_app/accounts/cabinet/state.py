"""State of the cabinet's account and session panels (SPEC A6): who is logged in, email status, sessions.

Every handler is a `@login_event`: a crafted websocket message from a tab that is not logged in gets
a redirect to the login page and no data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import reflex as rx

from store_app.accounts.cabinet.service import (
    CabinetOverview,
    cabinet_overview,
    end_all_other_sessions,
    end_own_session,
)
from store_app.accounts.registration.activation_service import resend_activation
from store_app.accounts.rules.person_names import full_name
from store_app.accounts.sessions.guards import acting, login_event
from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.sessions.state import current_context, login_redirect
from store_app.core.dates import format_moment
from store_app.core.errors import NotAuthenticated
from store_app.core.i18n import t
from store_app.ui.bridge import attempt, call


def when(moment: dt.datetime) -> str:
    return format_moment(moment)


class CabinetState(rx.State):
    """What the account panel shows; nothing secret (no ids of tokens, no hashes)."""

    loaded: bool = False
    login: str = ""
    email: str = ""
    full_name: str = ""
    email_confirmed: bool = False
    is_staff: bool = False
    session_text: str = ""
    sessions: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    notice: str = ""
    error: str = ""
    # The resend button's own answer, shown next to it (not in the sessions card).
    resend_notice: str = ""
    resend_error: str = ""

    def _show(self, overview: CabinetOverview, context: AuthContext) -> None:
        self.login, self.email, self.email_confirmed = overview.login, overview.email, overview.email_confirmed
        self.full_name = full_name(overview.first_name, overview.last_name, overview.patronymic, formal=True)
        self.is_staff = context.is_staff
        self.sessions = [
            {
                "id": str(row.id),
                "ip": row.ip,
                "device": row.device,
                "started": when(row.started_at),
                "last_seen": when(row.last_seen_at),
                "current": "1" if row.is_current else "",
            }
            for row in overview.sessions
        ]
        current = next((row for row in overview.sessions if row.is_current), None)
        self.session_text = (
            t("cabinet.session.state", started=when(current.started_at), ip=current.ip, device=current.device)
            if current
            else ""
        )
        self.loaded = True

    async def _refresh(self) -> None:
        """Reload the panel from the database; NotAuthenticated when the tab's session is gone (the
        check runs again: the action just done may have ended this very session)."""
        context = await current_context(self)
        overview = await call(cabinet_overview, user_id=context.user_id, current_session_id=context.session_id)
        self._show(overview, context)

    @login_event
    async def load(self) -> rx.event.EventSpec | None:
        self.reset()
        return await self._reloaded()

    async def _reloaded(self) -> rx.event.EventSpec | None:
        try:
            await self._refresh()
        except NotAuthenticated:
            self.reset()
            return login_redirect(self)
        return None

    async def _act(
        self,
        notice: Callable[[Any], str],
        service: Callable[..., Any],
        *,
        answer: tuple[str, str] = ("notice", "error"),
        **kwargs: Any,
    ) -> Any:
        """Run `service(**kwargs)` for the checked user, show its notice or refusal (in the `answer` vars,
        beside the control that asked), reload the panel."""
        notice_var, error_var = answer
        self.notice, self.error, self.resend_notice, self.resend_error = "", "", "", ""
        outcome = await attempt(
            service, where="cabinet action", fields=(), unexpected_key="cabinet.error.unexpected", **kwargs
        )
        if not outcome.ok:
            setattr(self, error_var, outcome.message)
            return None
        setattr(self, notice_var, notice(outcome.value))
        return await self._reloaded()

    @login_event
    async def resend_activation(self) -> rx.event.EventSpec | None:
        email = self.email
        return await self._act(
            lambda _: t("cabinet.account.resent", email=email),
            resend_activation,
            answer=("resend_notice", "resend_error"),
            user_id=acting().user_id,
        )

    @login_event
    async def end_session(self, session_id: str) -> rx.event.EventSpec | None:
        if not str(session_id).isdigit():
            return None
        who = acting()
        return await self._act(
            lambda _: t("cabinet.sessions.ended"),
            end_own_session,
            user_id=who.user_id,
            session_id=int(session_id),
            ip=who.ip,
        )

    @login_event
    async def end_other_sessions(self) -> rx.event.EventSpec | None:
        who = acting()
        return await self._act(
            lambda count: t("cabinet.sessions.ended_others", count=count),
            end_all_other_sessions,
            user_id=who.user_id,
            current_session_id=who.session_id,
            ip=who.ip,
        )
