"""Access and refresh tokens of login sessions: issue, check, rotate with reuse detection (SPEC A7).

Refresh tokens are stored as SHA-256 hashes. Using one issues a new pair and marks it rotated;
presenting it again after REUSE_GRACE means it was copied, and the whole session ends. The REST
API (login returns {access, refresh}, refresh rotates, logout blacklists) calls these functions too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session, select

from store_app.accounts.history import record_account_event
from store_app.accounts.sessions.models import LoginSession, RefreshToken
from store_app.accounts.sessions.service import (
    AuthContext,
    context_of,
    end_session,
    refresh_lifetime,
    running_session,
    touch,
)
from store_app.audit.kinds import EventKind
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


@dataclasses.dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    access_expires_at: dt.datetime
    refresh_expires_at: dt.datetime


def issue_access_token(*, login_session: LoginSession) -> IssuedToken:
    lifetime = dt.timedelta(seconds=get_settings().access_token_seconds)
    return issue_token(
        subject=str(login_session.user_id), token_type=ACCESS, lifetime=lifetime, extra=_session_claims(login_session)
    )


def _session_claims(login_session: LoginSession) -> dict[str, object]:
    # `sn` is the session's random nonce: a token signed with a leaked key still needs it.
    return {"sid": login_session.id, "sn": login_session.token_nonce}


def issue_token_pair(*, session: Session, login_session: LoginSession) -> TokenPair:
    """A new access token and a new stored (hashed) refresh token; the session lives as long as the latter."""
    assert login_session.id is not None
    refresh = issue_token(
        subject=str(login_session.user_id),
        token_type=REFRESH,
        lifetime=refresh_lifetime(),
        extra=_session_claims(login_session),
    )
    session.add(
        RefreshToken(
            session_id=login_session.id,
            token_hash=token_digest(refresh.token),
            issued_at=refresh.claims.issued_at,
            expires_at=refresh.claims.expires_at,
        )
    )
    if refresh.claims.expires_at > login_session.expires_at:
        # Not for a session just started (`FIRST_TOKEN_MARGIN`): no UPDATE in a login.
        login_session.expires_at = refresh.claims.expires_at
        session.add(login_session)
    session.flush()
    access = issue_access_token(login_session=login_session)
    return TokenPair(
        access=access.token,
        refresh=refresh.token,
        access_expires_at=access.claims.expires_at,
        refresh_expires_at=refresh.claims.expires_at,
    )


def _nonce_claim(claims: TokenClaims) -> str:
    """The token's nonce claim; "" (which matches no session) when missing or not text."""
    value = claims.extra.get("sn")
    return value if isinstance(value, str) else ""


def authenticate_access_token(*, session: Session, access_token: str) -> AuthContext:
    """Who an access token speaks for; refused when expired, of another type, or its session ended."""
    claims = decode_token(access_token, token_type=ACCESS)
    sid = claims.extra.get("sid")
    if not isinstance(sid, int) or not claims.subject.isdigit():
        raise InvalidToken()
    return context_of(*running_session(session, sid, user_id=int(claims.subject), nonce=_nonce_claim(claims)))


def renew_access_token(*, session: Session, session_id: int) -> tuple[AuthContext, IssuedToken]:
    """A fresh access token for a session the server already holds (a page left open), if it still runs."""
    login, user = running_session(session, session_id)
    touch(session, login)
    return context_of(login, user), issue_access_token(login_session=login)


def _stored_refresh_token(session: Session, refresh_token: str) -> tuple[RefreshToken, str]:
    """The stored row of a refresh token, and the token's nonce claim."""
    claims = decode_token(refresh_token, token_type=REFRESH)
    return _stored_by_digest(session, token_digest(refresh_token)), _nonce_claim(claims)


def _stored_by_digest(session: Session, digest: str) -> RefreshToken:
    token = session.exec(select(RefreshToken).where(RefreshToken.token_hash == digest)).first()
    if token is None or token.revoked_at is not None or token.expires_at <= clock.now():
        raise InvalidToken("token revoked")
    return token


def _within_grace(token: RefreshToken) -> bool:
    return token.rotated_at is None or clock.now() - token.rotated_at <= REUSE_GRACE


@dataclasses.dataclass(frozen=True)
class RefreshProof:
    """What the backend keeps of a refresh token a connection presented: never the token itself."""

    digest: str
    nonce: str


def refresh_proof(refresh_token: str) -> RefreshProof:
    """Check a refresh token's signature, type and expiry (no database) and keep only its proof."""
    claims = decode_token(refresh_token, token_type=REFRESH)
    return RefreshProof(digest=token_digest(refresh_token), nonce=_nonce_claim(claims))


def check_refresh_proof(*, session: Session, proof: RefreshProof) -> AuthContext:
    """Whose session a presented refresh token opens, without rotating it (the websocket restores a tab this way).

    A token rotated longer ago than the grace is refused but does not end the session: a websocket
    keeps the cookie of its handshake, which may predate a rotation made by another tab's page load.
    """
    token = _stored_by_digest(session, proof.digest)
    if not _within_grace(token):
        raise InvalidToken("token rotated")
    login, user = running_session(session, token.session_id, nonce=proof.nonce)
    touch(session, login)
    return context_of(login, user)


def check_refresh_token(*, session: Session, refresh_token: str) -> AuthContext:
    """`check_refresh_proof` for a token at hand."""
    return check_refresh_proof(session=session, proof=refresh_proof(refresh_token))


def recheck_session(*, session: Session, session_id: int) -> AuthContext:
    """A session the server already holds (a tab), checked again: still running, user still allowed."""
    login, user = running_session(session, session_id)
    touch(session, login)
    return context_of(login, user)


def rotate_refresh_token(*, session: Session, refresh_token: str) -> tuple[AuthContext, TokenPair]:
    """Use a refresh token: a new pair is issued and the old token is marked rotated.

    Presenting a token rotated longer ago than REUSE_GRACE means it was copied: the whole session
    ends (committed before the refusal is raised, so no rollback can undo it).
    """
    token, nonce = _stored_refresh_token(session, refresh_token)
    login, user = running_session(session, token.session_id, nonce=nonce)
    if not _within_grace(token):
        end_session(session=session, session_id=token.session_id, reason="token_reuse")
        record_account_event(session=session, kind=EventKind.TOKEN_REUSED, user=user, details={"session": login.id})
        session.commit()
        raise InvalidToken("refresh token reused")
    now = clock.now()
    if token.rotated_at is None:
        token.rotated_at = now
        session.add(token)
    login.last_seen_at = now
    return context_of(login, user), issue_token_pair(session=session, login_session=login)


def session_of_refresh_token(*, session: Session, refresh_token: str) -> LoginSession | None:
    """The running session a refresh token (even expired or rotated) belongs to, for logout."""
    token = session.exec(select(RefreshToken).where(RefreshToken.token_hash == token_digest(refresh_token))).first()
    login = session.get(LoginSession, token.session_id) if token else None
    return login if login is not None and login.ended_at is None else None
