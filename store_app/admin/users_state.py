"""/admin/users: find accounts, switch active / staff, see and end their sessions, delete (SPEC D2)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.profile.deletion_service import delete_account_by_admin
from store_app.accounts.sessions.guards import acting, staff_event
from store_app.accounts.sessions.service import active_sessions
from store_app.admin.list_state import PagedListMixin, SearchMixin
from store_app.admin.users_service import end_user_session, find_users, reset_user_2fa, set_user_flag, users_with_2fa
from store_app.core.dates import format_day, format_moment
from store_app.core.i18n import t
from store_app.ui.bridge import attempt, call, is_ticked


@dataclasses.dataclass
class AdminUserRow:
    id: int
    login: str
    email: str
    active: bool
    staff: bool
    created: str
    mfa: bool = False


@dataclasses.dataclass
class SessionRow:
    id: int
    ip: str
    device: str
    last_seen: str


def _rows(*, session: Session, text: str, page: int) -> tuple[list[AdminUserRow], int, int]:
    found = find_users(session=session, text=text, page=page)
    with_2fa = users_with_2fa(session=session, user_ids=[u.id for u in found.rows if u.id is not None])
    rows = [
        AdminUserRow(
            id=u.id or 0,
            login=u.login,
            email=u.email,
            active=u.is_active,
            staff=u.is_staff,
            created=format_day(u.created_at),
            mfa=u.id in with_2fa,
        )
        for u in found.rows
    ]
    return rows, found.page, found.pages


def _sessions(*, session: Session, user_id: int) -> list[SessionRow]:
    return [
        SessionRow(id=s.id or 0, ip=s.ip, device=s.user_agent[:80], last_seen=format_moment(s.last_seen_at))
        for s in active_sessions(session=session, user_id=user_id)
    ]


class AdminUsersState(SearchMixin, PagedListMixin, rx.State):
    users: rx.Field[list[AdminUserRow]] = rx.field(default_factory=list)
    shown_user_id: int = 0
    shown_login: str = ""
    sessions: rx.Field[list[SessionRow]] = rx.field(default_factory=list)
    confirm_delete_id: int = 0
    own_id: int = 0  # the staff member's own row: its switches are shown off, with the reason
    notice: str = ""
    error: str = ""

    async def _reload(self) -> None:
        self.users, self.page, self.pages = await call(_rows, text=self.search_text, page=self.page)
        if self.shown_user_id:
            self.sessions = await call(_sessions, user_id=self.shown_user_id)
        self.loaded = True

    async def _act(self, notice: str, action: Callable[..., Any], **kwargs: Any) -> None:
        """Run a staff action as the checked staff member; its refusal shows as the page's error."""
        who = acting()
        outcome = await attempt(
            action, where=f"admin users {action.__name__}", admin_id=who.user_id, ip=who.ip, **kwargs
        )
        self.notice, self.error = (notice if outcome.ok else ""), outcome.message
        await self._reload()

    @staff_event
    async def load(self) -> None:
        self.own_id = acting().user_id
        self.notice = self.error = ""
        self.shown_user_id, self.sessions = 0, []
        await self._reload()

    @staff_event
    async def toggle(self, user_id: int, flag: str, value: bool) -> None:
        await self._act(
            t("admin.users.saved"), set_user_flag, user_id=int(user_id), flag=str(flag), value=is_ticked(value)
        )

    @staff_event
    async def show_sessions(self, user_id: int, login: str) -> None:
        self.shown_user_id, self.shown_login = int(user_id), str(login)
        await self._reload()

    @staff_event
    async def end_session(self, session_id: int) -> None:
        await self._act(t("admin.users.session_ended"), end_user_session, session_id=int(session_id))

    @staff_event
    async def ask_delete(self, user_id: int) -> None:
        self.confirm_delete_id = int(user_id)

    @rx.event
    def keep(self) -> None:
        self.confirm_delete_id = 0

    @staff_event
    async def delete(self, user_id: int) -> None:
        self.confirm_delete_id = 0
        if int(user_id) == self.shown_user_id:
            self.shown_user_id, self.sessions = 0, []
        await self._act(t("admin.users.deleted"), delete_account_by_admin, user_id=int(user_id))

    @staff_event
    async def reset_2fa(self, user_id: int) -> None:
        await self._act(t("admin.users.mfa_reset_done"), reset_user_2fa, user_id=int(user_id))
