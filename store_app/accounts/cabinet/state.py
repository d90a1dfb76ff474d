"""State of the cabinet's account and session panels (SPEC A6): who is logged in, email status, sessions.

Every handler asks the session guard first (`current_context`): a crafted websocket message from a
tab that is not logged in gets a redirect to the login page and no data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import reflex as rx

from store_app.accounts.cabinet.service import (
    CabinetOverview,
    cabinet_overview,
    end_all_other_sessions,
    end_own_session,
)
from store_app.accounts.registration.activation_service import resend_activation
from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.sessions.state import current_context, login_redirect
from store_app.accounts.state_helpers import shopper_ip
from store_app.core.dates import format_moment
from store_app.core.db import session_scope
from store_app.core.errors import DomainError, NotAuthenticated
from store_app.core.i18n import t

logger = logging.getLogger(__name__)


def when(moment: dt.datetime) -> str:
    return format_moment(moment)


def load_overview(context: AuthContext) -> CabinetOverview:
    with session_scope() as session:
        return cabinet_overview(session=session, user_id=context.user_id, current_session_id=context.session_id)


def _resend(user_id: int) -> None:
    with session_scope() as session:
        resend_activation(session=session, user_id=user_id)


def _end_one(user_id: int, session_id: int, ip: str) -> None:
    with session_scope() as session:
        end_own_session(session=session, user_id=user_id, session_id=session_id, ip=ip)


def _end_others(user_id: int, session_id: int, ip: str) -> int:
    with session_scope() as session:
        return end_all_other_sessions(session=session, user_id=user_id, current_session_id=session_id, ip=ip)


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
        self.full_name = " ".join(p for p in (overview.last_name, overview.first_name, overview.patronymic) if p)
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

    async def _refresh(self) -> AuthContext:
        """Reload the panel from the database; NotAuthenticated when the tab's session is gone."""
        context = await current_context(self)
        self._show(await asyncio.to_thread(load_overview, context), context)
        return context

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        self.reset()
        try:
            await self._refresh()
        except NotAuthenticated:
            return login_redirect(self)
        return None

    async def _act(  # type: ignore[no-untyped-def]
        self, work, *args: object, answer: tuple[str, str] = ("notice", "error")
    ) -> rx.event.EventSpec | None:
        """Check the session, run `work(context, *args)` in a thread, show its notice or error (in the
        `answer` vars, beside the control that asked), reload."""
        notice_var, error_var = answer
        self.notice, self.error, self.resend_notice, self.resend_error = "", "", "", ""
        try:
            context = await current_context(self)
            setattr(self, notice_var, await asyncio.to_thread(work, context, *args))
            await self._refresh()
        except NotAuthenticated:
            self.reset()
            return login_redirect(self)
        except DomainError as exc:
            setattr(self, error_var, exc.message)
        except Exception as exc:
            # The class only: a database error's text can carry the row being written (a mailed code).
            logger.error("cabinet action failed: %s", type(exc).__name__)
            setattr(self, error_var, t("cabinet.error.unexpected"))
        return None

    @rx.event
    async def resend_activation(self) -> rx.event.EventSpec | None:
        def work(context: AuthContext) -> str:
            _resend(context.user_id)
            return t("cabinet.account.resent", email=self.email)

        return await self._act(work, answer=("resend_notice", "resend_error"))

    @rx.event
    async def end_session(self, session_id: str) -> rx.event.EventSpec | None:
        if not session_id.isdigit():
            return None
        ip = shopper_ip(self)

        def work(context: AuthContext) -> str:
            _end_one(context.user_id, int(session_id), ip)
            return t("cabinet.sessions.ended")

        return await self._act(work)

    @rx.event
    async def end_other_sessions(self) -> rx.event.EventSpec | None:
        ip = shopper_ip(self)

        def work(context: AuthContext) -> str:
            return t("cabinet.sessions.ended_others", count=_end_others(context.user_id, context.session_id, ip))

        return await self._act(work)
