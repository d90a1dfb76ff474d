"""Login sessions and their tokens: start, check, rotate, end and purge them (SPEC A5, A7).

Shared by the Reflex states, the browser's cookie routes and the REST API, so every front
door applies the same rules. A token is only as good as its session: every check looks the
session up, so ending a session kills its access and refresh tokens at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from store_app.accounts.account_history import record_account_event
from store_app.accounts.auth_models import LoginSession, RefreshToken
from store_app.accounts.models import User
from store_app.core import clock
from store_app.core.settings import get_settings
from store_app.core.tokens import (
    ACCESS,
    REFRESH,
    InvalidToken,
    IssuedToken,
    TokenClaims,
    decode_token,
    issue_token,
    token_digest,
)

# Two tabs (or API clients) refreshing with the same token at the same moment both succeed.
REUSE_GRACE = dt.timedelta(seconds=10)
ENDED_SESSION_RETENTION = dt.timedelta(days=30)
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclasses.dataclass(frozen=True)
class AuthContext:
    """Who is acting, through which login session."""

    user_id: int
    session_id: int
    is_staff: bool


@dataclasses.dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    access_expires_at: dt.datetime
    refresh_expires_at: dt.datetime


def _access_lifetime() -> dt.timedelta:
    return dt.timedelta(seconds=get_settings().access_token_seconds)


def _refresh_lifetime() -> dt.timedelta:
    return dt.timedelta(days=get_settings().refresh_token_days)


def start_session(*, session: Session, user_id: int, ip: str, user_agent: str) -> LoginSession:
    now = clock.now()
    login = LoginSession(
        user_id=user_id,
        ip=ip[:64],
        user_agent=user_agent[:255],
        started_at=now,
        last_seen_at=now,
        expires_at=now + _refresh_lifetime(),
    )
    session.add(login)
    session.flush()
    return login


def issue_access_token(*, login_session: LoginSession) -> IssuedToken:
    return issue_token(
        subject=str(login_session.user_id),
        token_type=ACCESS,
        lifetime=_access_lifetime(),
        extra={"sid": login_session.id},
    )


def issue_token_pair(*, session: Session, login_session: LoginSession) -> TokenPair:
    """A new access token and a new stored (hashed) refresh token for the session."""
    refresh = issue_token(
        subject=str(login_session.user_id),
        token_type=REFRESH,
        lifetime=_refresh_lifetime(),
        extra={"sid": login_session.id},
    )
    assert login_session.id is not None
    session.add(
        RefreshToken(
            session_id=login_session.id,
            token_hash=token_digest(refresh.token),
            issued_at=refresh.claims.issued_at,
            expires_at=refresh.claims.expires_at,
        )
    )
    login_session.expires_at = max(login_session.expires_at, refresh.claims.expires_at)
    session.add(login_session)
    session.flush()
    access = issue_access_token(login_session=login_session)
    return TokenPair(
        access=access.token,
        refresh=refresh.token,
        access_expires_at=access.claims.expires_at,
        refresh_expires_at=refresh.claims.expires_at,
    )


def _active_session(session: Session, session_id: int, *, user_id: int | None = None) -> tuple[LoginSession, User]:
    """The session and its user, when the session is running and the user may still log in."""
    login = session.get(LoginSession, session_id)
    if login is None or login.ended_at is not None or login.expires_at <= clock.now():
        raise InvalidToken("session ended")
    if user_id is not None and login.user_id != user_id:
        raise InvalidToken()
    user = session.get(User, login.user_id)
    if user is None or not user.is_active:
        raise InvalidToken("account disabled")
    return login, user


def _context(login: LoginSession, user: User) -> AuthContext:
    assert login.id is not None and user.id is not None
    return AuthContext(user_id=user.id, session_id=login.id, is_staff=user.is_staff)


def _touch(session: Session, login: LoginSession) -> None:
    now = clock.now()
    if now - login.last_seen_at >= TOUCH_EVERY:
        login.last_seen_at = now
        session.add(login)


def _session_id_claim(claims: TokenClaims) -> tuple[int, int]:
    sid = claims.extra.get("sid")
    if not isinstance(sid, int) or not claims.subject.isdigit():
        raise InvalidToken()
    return sid, int(claims.subject)


def authenticate_access_token(*, session: Session, access_token: str) -> AuthContext:
    """Who an access token speaks for; refused when expired, of another type, or its session ended."""
    sid, user_id = _session_id_claim(decode_token(access_token, token_type=ACCESS))
    return _context(*_active_session(session, sid, user_id=user_id))


def renew_access_token(*, session: Session, session_id: int) -> tuple[AuthContext, IssuedToken]:
    """A fresh access token for a session the server already holds (a page left open), if it still runs."""
    login, user = _active_session(session, session_id)
    _touch(session, login)
    return _context(login, user), issue_access_token(login_session=login)


def _stored_refresh_token(session: Session, refresh_token: str) -> RefreshToken:
    decode_token(refresh_token, token_type=REFRESH)
    token = session.exec(select(RefreshToken).where(RefreshToken.token_hash == token_digest(refresh_token))).first()
    if token is None or token.revoked_at is not None:
        raise InvalidToken("token revoked")
    return token


def _within_grace(token: RefreshToken) -> bool:
    return token.rotated_at is None or clock.now() - token.rotated_at <= REUSE_GRACE


def check_refresh_token(*, session: Session, refresh_token: str) -> AuthContext:
    """Whose session a refresh token opens, without rotating it (the websocket restores a tab this way).

    A token rotated longer ago than the grace is refused but does not end the session: a websocket
    keeps the cookie of its handshake, which may predate a rotation made by another tab's page load.
    """
    token = _stored_refresh_token(session, refresh_token)
    if not _within_grace(token):
        raise InvalidToken("token rotated")
    login, user = _active_session(session, token.session_id)
    _touch(session, login)
    return _context(login, user)


def rotate_refresh_token(*, session: Session, refresh_token: str) -> tuple[AuthContext, TokenPair]:
    """Use a refresh token: a new pair is issued and the old token is marked rotated.

    Presenting a token rotated longer ago than REUSE_GRACE means it was copied: the whole session
    ends (committed before the refusal is raised, so no rollback can undo it).
    """
    token = _stored_refresh_token(session, refresh_token)
    login, user = _active_session(session, token.session_id)
    if not _within_grace(token):
        end_session(session=session, session_id=token.session_id, reason="token_reuse")
        record_account_event(session=session, kind="token reused", user=user, details={"session": login.id})
        session.commit()
        raise InvalidToken("refresh token reused")
    now = clock.now()
    if token.rotated_at is None:
        token.rotated_at = now
        session.add(token)
    login.last_seen_at = now
    return _context(login, user), issue_token_pair(session=session, login_session=login)


def end_session(*, session: Session, session_id: int, reason: str) -> LoginSession | None:
    """End a running session and blacklist its refresh tokens; None when it had already ended."""
    login = session.get(LoginSession, session_id)
    if login is None or login.ended_at is not None:
        return None
    now = clock.now()
    login.ended_at = now
    login.end_reason = reason[:32]
    session.add(login)
    session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.session_id) == session_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    session.flush()
    return login


def session_of_refresh_token(*, session: Session, refresh_token: str) -> LoginSession | None:
    """The running session a (possibly expired or rotated) refresh token belongs to, for logout."""
    token = session.exec(select(RefreshToken).where(RefreshToken.token_hash == token_digest(refresh_token))).first()
    login = session.get(LoginSession, token.session_id) if token else None
    return login if login is not None and login.ended_at is None else None


def end_other_sessions(*, session: Session, user_id: int, keep_session_id: int | None) -> int:
    """End every running session of the user except `keep_session_id`; returns how many ended."""
    ended = 0
    for login in active_sessions(session=session, user_id=user_id):
        if login.id != keep_session_id and login.id is not None:
            ended += end_session(session=session, session_id=login.id, reason="ended_by_user") is not None
    return ended


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


def purge_expired_sessions(*, session: Session) -> int:
    """Delete expired refresh tokens (blacklisted ones included) and sessions past retention."""
    now = clock.now()
    tokens = session.execute(delete(RefreshToken).where(col(RefreshToken.expires_at) <= now))
    cutoff = now - ENDED_SESSION_RETENTION
    sessions = session.execute(
        delete(LoginSession).where(or_(col(LoginSession.ended_at) < cutoff, col(LoginSession.expires_at) < cutoff))
    )
    return int(tokens.rowcount or 0) + int(sessions.rowcount or 0)
