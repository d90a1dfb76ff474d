"""Login sessions: start, check, end them (SPEC A3, A5, A6).

A token is only as good as its session: every token check looks the session up here, so ending
a session kills its access and refresh tokens at once. Shared by the Reflex states, the browser's
cookie routes and the REST API.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from sqlalchemy import update
from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.accounts.sessions.models import LoginSession, RefreshToken
from store_app.accounts.sessions.revocation import mark_revoked
from store_app.core import clock
from store_app.core.settings import get_settings
from store_app.core.tokens import InvalidToken

TOUCH_EVERY = dt.timedelta(minutes=1)
# Token times are whole seconds, read a moment after the session starts: with this margin the first
# refresh token never outlives a session started within the second before, so it needs no UPDATE.
FIRST_TOKEN_MARGIN = dt.timedelta(seconds=1)


@dataclasses.dataclass(frozen=True)
class AuthContext:
    """Who is acting, through which login session."""

    user_id: int
    session_id: int
    is_staff: bool


def refresh_lifetime() -> dt.timedelta:
    return dt.timedelta(days=get_settings().refresh_token_days)


def start_session(*, session: Session, user_id: int, ip: str, user_agent: str) -> LoginSession:
    now = clock.now()
    login = LoginSession(
        user_id=user_id,
        ip=ip[:64],
        user_agent=user_agent[:255],
        started_at=now,
        last_seen_at=now,
        expires_at=now + refresh_lifetime() + FIRST_TOKEN_MARGIN,
    )
    session.add(login)
    session.flush()
    return login


def nonce_matches(login: LoginSession, nonce: str) -> bool:
    """Whether a token's `sn` claim is this session's nonce (an empty stored nonce matches nothing)."""
    return bool(login.token_nonce) and secrets.compare_digest(login.token_nonce.encode(), nonce.encode())


def running_session(
    session: Session, session_id: int, *, user_id: int | None = None, nonce: str | None = None
) -> tuple[LoginSession, User]:
    """The session and its user when the session runs and the user may still log in; else InvalidToken.

    With `nonce` (a token's claim; None only for a session the server holds), it must be the session nonce.
    """
    login = session.get(LoginSession, session_id)
    if login is None or login.ended_at is not None or login.expires_at <= clock.now():
        raise InvalidToken("session ended")
    if user_id is not None and login.user_id != user_id:
        raise InvalidToken()
    if nonce is not None and not nonce_matches(login, nonce):
        raise InvalidToken()
    user = session.get(User, login.user_id)
    if user is None or not user.is_active:
        raise InvalidToken("account disabled")
    return login, user


def context_of(login: LoginSession, user: User) -> AuthContext:
    assert login.id is not None and user.id is not None
    return AuthContext(user_id=user.id, session_id=login.id, is_staff=user.is_staff)


def touch(session: Session, login: LoginSession) -> None:
    """Note the session as seen now (at most once a minute, to spare writes)."""
    now = clock.now()
    if now - login.last_seen_at >= TOUCH_EVERY:
        login.last_seen_at = now
        session.add(login)


def end_session(*, session: Session, session_id: int, reason: str) -> LoginSession | None:
    """End a running session and blacklist its refresh tokens; None when it had already ended."""
    login = session.get(LoginSession, session_id)
    if login is None or login.ended_at is not None:
        return None
    now = clock.now()
    login.ended_at = now
    login.end_reason = reason[:32]
    session.add(login)
    mark_revoked(session)  # open tabs trusting this session check it again once this commits
    session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.session_id) == session_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    session.flush()
    return login


def active_sessions(*, session: Session, user_id: int) -> list[LoginSession]:
    """The user's running sessions, most recently seen first."""
    query = (
        select(LoginSession)
        .where(
            LoginSession.user_id == user_id,
            col(LoginSession.ended_at).is_(None),
            col(LoginSession.expires_at) > clock.now(),
        )
        .order_by(col(LoginSession.last_seen_at).desc())
    )
    return list(session.exec(query))


def end_other_sessions(*, session: Session, user_id: int, keep_session_id: int | None) -> int:
    """End every running session of the user except `keep_session_id`; returns how many ended."""
    ended = 0
    for login in active_sessions(session=session, user_id=user_id):
        if login.id != keep_session_id and login.id is not None:
            ended += end_session(session=session, session_id=login.id, reason="ended_by_user") is not None
    return ended
