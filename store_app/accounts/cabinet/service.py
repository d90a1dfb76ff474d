"""What the cabinet shows about the account and its login sessions, and ending a session (SPEC A6)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session

from store_app.accounts.cabinet.devices import describe_device
from store_app.accounts.history import record_account_event
from store_app.accounts.models import Profile, User
from store_app.accounts.profile.avatar import avatar_url
from store_app.accounts.sessions.models import LoginSession
from store_app.accounts.sessions.service import active_sessions, end_other_sessions, end_session
from store_app.audit.kinds import EventKind
from store_app.core.errors import NotAuthenticated, NotFound
from store_app.core.i18n import t


@dataclasses.dataclass(frozen=True)
class SessionRow:
    id: int
    ip: str
    device: str
    started_at: dt.datetime
    last_seen_at: dt.datetime
    is_current: bool


@dataclasses.dataclass(frozen=True)
class CabinetOverview:
    login: str
    email: str
    email_confirmed: bool
    first_name: str
    last_name: str
    patronymic: str
    phone: str
    birth_date: str
    address: str
    avatar_url: str
    sessions: list[SessionRow]


def _session_row(login: LoginSession, current_session_id: int | None) -> SessionRow:
    assert login.id is not None
    return SessionRow(
        id=login.id,
        ip=login.ip,
        device=describe_device(login.user_agent, unknown=t("cabinet.sessions.unknown_device")),
        started_at=login.started_at,
        last_seen_at=login.last_seen_at,
        is_current=login.id == current_session_id,
    )


def cabinet_overview(*, session: Session, user_id: int, current_session_id: int | None) -> CabinetOverview:
    """The account, its profile and its running sessions (this one first)."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated(t("cabinet.error.not_logged_in"))
    profile = session.get(Profile, user_id) or Profile(user_id=user_id)
    rows = [_session_row(login, current_session_id) for login in active_sessions(session=session, user_id=user_id)]
    rows.sort(key=lambda row: not row.is_current)  # stable: the rest stay most-recently-seen first
    return CabinetOverview(
        login=user.login,
        email=user.email,
        email_confirmed=user.email_confirmed_at is not None,
        first_name=profile.first_name,
        last_name=profile.last_name,
        patronymic=profile.patronymic,
        phone=profile.phone,
        birth_date=profile.birth_date.isoformat() if profile.birth_date else "",
        address=profile.address,
        avatar_url=avatar_url(profile.avatar_path),
        sessions=rows,
    )


def end_own_session(*, session: Session, user_id: int, session_id: int, ip: str) -> None:
    """End one of the user's own sessions; another user's session id is "not found", never ended."""
    login = session.get(LoginSession, session_id)
    user = session.get(User, user_id)
    if login is None or user is None or login.user_id != user_id or login.ended_at is not None:
        raise NotFound(t("cabinet.sessions.not_found"))
    end_session(session=session, session_id=session_id, reason="ended_by_user")
    record_account_event(
        session=session, kind=EventKind.SESSION_ENDED, user=user, ip=ip, details={"session": session_id, "ip": login.ip}
    )


def end_all_other_sessions(*, session: Session, user_id: int, current_session_id: int, ip: str) -> int:
    """End every session of the user but this one; returns how many ended."""
    user = session.get(User, user_id)
    if user is None:
        raise NotAuthenticated(t("cabinet.error.not_logged_in"))
    ended = end_other_sessions(session=session, user_id=user_id, keep_session_id=current_session_id)
    if ended:
        record_account_event(session=session, kind=EventKind.SESSION_ENDED, user=user, ip=ip, details={"others": ended})
    return ended
