"""Logging in with a password, with lockout, and logging out (SPEC A3, A5, E1).

Blocking (it hashes): call it from a worker thread. A failed attempt is committed before the
error is raised, so the caller's rollback cannot erase the count that leads to a lockout.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from sqlalchemy import func
from sqlmodel import Session, or_, select

from store_app.accounts.history import record_account_event
from store_app.accounts.login.known_device import issue_device_token, known_device_id
from store_app.accounts.login.limits import (
    LOGIN_FAILURES_PER_ACCOUNT,
    LOGIN_FAILURES_PER_DEVICE,
    LOGIN_FAILURES_PER_IP,
    account_key,
)
from store_app.accounts.mail import mail_security_notice
from store_app.accounts.mfa.service import check_code, claim_challenge, is_enabled, open_challenge, start_challenge
from store_app.accounts.models import User
from store_app.accounts.sessions.models import LoginSession
from store_app.accounts.sessions.service import end_session, start_session
from store_app.audit.kinds import EventKind
from store_app.audit.models import HistoryEvent
from store_app.audit.service import record_event
from store_app.core import clock
from store_app.core.errors import NotAuthenticated, PermissionDenied, RateLimited
from store_app.core.i18n import current_language, t
from store_app.core.passwords import hash_password, needs_rehash, verify_password
from store_app.core.rate_limit import RateLimit, blocked_until, clear_hits, record_hit

MAX_IDENTIFIER_LENGTH = 254


class LoginFailed(NotAuthenticated):
    """Wrong login, email or password: one message that does not say which part was wrong."""

    def __init__(self) -> None:
        super().__init__(t("login.error.invalid"))


class AccountDisabled(PermissionDenied):
    """The right password of an account staff have disabled: said plainly, as only its owner gets here."""

    def __init__(self) -> None:
        super().__init__(t("login.error.disabled"))


class LockedOut(RateLimited):
    def __init__(self, until: dt.datetime) -> None:
        seconds = max(1, math.ceil((until - clock.now()).total_seconds()))
        super().__init__(t("login.error.locked", count=math.ceil(seconds / 60)), retry_after_seconds=seconds)


class MfaRequired(Exception):
    """The password was right and the account has 2FA: no session yet, only a pending second step."""

    def __init__(self, token: str) -> None:
        super().__init__("second factor required")
        self.token = token


class CodeFailed(NotAuthenticated):
    """A wrong, used or late code, or a second step that expired or never existed: one message for all."""

    def __init__(self) -> None:
        super().__init__(t("mfa.error.login_code"))


@dataclasses.dataclass(frozen=True)
class LoginResult:
    user: User
    login_session: LoginSession
    # A fresh known-device token for the browser's cookie (the API has no use for it).
    device_token: str = ""


def _keep_language(session: Session, user: User) -> None:
    """The language the shopper logs in with (the browser's `lang` cookie) is theirs now: mails follow it."""
    served = current_language()
    if user.language != served:
        user.language = served
        session.add(user)


def find_user_by_identifier(*, session: Session, identifier: str) -> User | None:
    """The account whose login or email is `identifier`, regardless of case."""
    needle = identifier.strip().lower()
    if not needle or len(needle) > MAX_IDENTIFIER_LENGTH:
        return None
    query = select(User).where(or_(func.lower(User.login) == needle, func.lower(User.email) == needle))
    return session.exec(query).first()


def _account_key(user: User | None, identifier: str) -> str:
    # Unknown names are limited like real accounts, so the lockout does not tell which exist.
    return account_key(user.id) if user and user.id else f"name:{identifier.strip().lower()[:MAX_IDENTIFIER_LENGTH]}"


def _limits(user: User | None, identifier: str, ip: str, device_token: str | None) -> list[tuple[RateLimit, str]]:
    """Which buckets hold this attempt: a known device's own, else the account's and the IP's."""
    device = known_device_id(device_token, user_id=user.id) if user and user.id else None
    if device is not None:
        return [(LOGIN_FAILURES_PER_DEVICE, f"{account_key(user.id)}:{device}")]  # type: ignore[union-attr,arg-type]
    return [(LOGIN_FAILURES_PER_IP, ip), (LOGIN_FAILURES_PER_ACCOUNT, _account_key(user, identifier))]


def login_with_password(
    *,
    session: Session,
    identifier: str,
    password: str,
    ip: str,
    user_agent: str,
    device_token: str | None = None,
    browser: bool = False,
) -> LoginResult:
    """Check the credentials and start a login session; raises LoginFailed, AccountDisabled or LockedOut.

    `device_token` is the browser's known-device cookie: with a valid one for this account, the
    account and IP lockouts (which anyone can trigger) do not apply, only the device's own limit.
    A `browser` login without one mails a "new device" notice (`_notice_if_new_device`).
    """
    user = find_user_by_identifier(session=session, identifier=identifier)
    checks = _limits(user, identifier, ip, device_token)
    running = [until for limit, key in checks if (until := blocked_until(session=session, limit=limit, key=key))]
    if running:
        raise LockedOut(max(running))
    # Always one hash, so an unknown login takes as long as a wrong password.
    password_ok = verify_password(password, user.password_hash if user else None)
    if user is not None and password_ok and user.is_active:
        if user.id is not None and is_enabled(session=session, user_id=user.id):
            _ask_for_code(session=session, user=user, password=password, ip=ip)
        if browser:
            _notice_if_new_device(session=session, user=user, device_token=device_token, ip=ip, user_agent=user_agent)
        return _succeed(session=session, user=user, password=password, ip=ip, user_agent=user_agent, checks=checks)
    if password_ok and user is not None:
        # The right password of a deactivated account: refused, but not a guess to count.
        raise AccountDisabled()
    lockouts = {
        limit.bucket: until for limit, key in checks if (until := record_hit(session=session, limit=limit, key=key))
    }
    if lockouts:
        details = {"limits": sorted(lockouts)}
        if user is not None:
            record_account_event(session=session, kind=EventKind.LOCKED_OUT, user=user, ip=ip, details=details)
        else:
            record_event(session=session, kind=EventKind.LOCKED_OUT, ip=ip, details=details)
    session.commit()
    if lockouts:
        raise LockedOut(max(lockouts.values()))
    raise LoginFailed()


def _ask_for_code(*, session: Session, user: User, password: str, ip: str) -> None:
    """The password step passed: commit a pending challenge and raise MfaRequired with its token."""
    assert user.id is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    token = start_challenge(session=session, user_id=user.id)
    record_account_event(session=session, kind=EventKind.MFA_CODE_ASKED, user=user, ip=ip)
    session.commit()
    raise MfaRequired(token)


def login_with_code(
    *,
    session: Session,
    token: str,
    code: str,
    ip: str,
    user_agent: str,
    device_token: str | None = None,
    browser: bool = False,
) -> LoginResult:
    """The second step: a TOTP or recovery code for a pending challenge; wrong codes count like wrong passwords.

    A `browser` login whose `device_token` is not this account's mails a "new device" notice."""
    challenge = open_challenge(session=session, token=token)
    if challenge is None:
        raise CodeFailed()
    user = session.get(User, challenge.user_id)
    if user is None or not user.is_active:
        raise CodeFailed()
    assert user.id is not None
    # A pending second step is not a known-device login: the account's and the IP's limits hold.
    checks = [(LOGIN_FAILURES_PER_IP, ip), (LOGIN_FAILURES_PER_ACCOUNT, account_key(user.id))]
    running = [until for limit, key in checks if (until := blocked_until(session=session, limit=limit, key=key))]
    if running:
        raise LockedOut(max(running))
    kind = check_code(session=session, user_id=user.id, code=code)
    if kind is not None:
        if not claim_challenge(session=session, challenge=challenge):
            # Another request with the same pending step won meanwhile; the caller's rollback
            # gives the code back.
            raise CodeFailed()
        clear_hits(session=session, limit=LOGIN_FAILURES_PER_ACCOUNT, key=account_key(user.id))
        _keep_language(session, user)
        login = start_session(session=session, user_id=user.id, ip=ip, user_agent=user_agent)
        details = {"session": login.id, "second factor": kind}
        if browser:
            _notice_if_new_device(session=session, user=user, device_token=device_token, ip=ip, user_agent=user_agent)
        record_account_event(session=session, kind=EventKind.LOGGED_IN, user=user, ip=ip, details=details)
        return LoginResult(user=user, login_session=login, device_token=issue_device_token(user_id=user.id))
    lockouts = {
        limit.bucket: until for limit, key in checks if (until := record_hit(session=session, limit=limit, key=key))
    }
    record_account_event(
        session=session,
        kind=EventKind.MFA_WRONG_CODE,
        user=user,
        ip=ip,
        details={"limits": sorted(lockouts)} if lockouts else None,
    )
    session.commit()
    if lockouts:
        raise LockedOut(max(lockouts.values()))
    raise CodeFailed()


def _logged_in_before(session: Session, user: User) -> bool:
    # actor_id is indexed; a login's event names the account itself as the actor.
    query = select(HistoryEvent.id).where(
        HistoryEvent.actor_id == user.id,
        HistoryEvent.kind == EventKind.LOGGED_IN.value,
        HistoryEvent.target == f"user:{user.id}",
    )
    return session.exec(query.limit(1)).first() is not None


def _notice_if_new_device(*, session: Session, user: User, device_token: str | None, ip: str, user_agent: str) -> None:
    """Mail "a new browser logged in" when this browser holds no known-device cookie of the account.

    Call it before the login's own history event: an account that never logged in before (the first
    login after registering) gets no such mail. The history log is kept for good, unlike sessions.
    """
    assert user.id is not None
    if known_device_id(device_token, user_id=user.id) is not None or not _logged_in_before(session, user):
        return
    mail_security_notice(session=session, user=user, event="new_device", ip=ip, device=user_agent)


def _succeed(
    *, session: Session, user: User, password: str, ip: str, user_agent: str, checks: list[tuple[RateLimit, str]]
) -> LoginResult:
    assert user.id is not None
    clear_hits(session=session, limit=LOGIN_FAILURES_PER_ACCOUNT, key=account_key(user.id))
    for limit, key in checks:
        if limit is LOGIN_FAILURES_PER_DEVICE:
            clear_hits(session=session, limit=limit, key=key)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    _keep_language(session, user)
    login = start_session(session=session, user_id=user.id, ip=ip, user_agent=user_agent)
    record_account_event(session=session, kind=EventKind.LOGGED_IN, user=user, ip=ip, details={"session": login.id})
    return LoginResult(user=user, login_session=login, device_token=issue_device_token(user_id=user.id))


def logout(*, session: Session, session_id: int, ip: str = "") -> bool:
    """End the login session (its refresh tokens are blacklisted); False when it had already ended."""
    login = end_session(session=session, session_id=session_id, reason="logout")
    if login is None:
        return False
    user = session.get(User, login.user_id)
    if user is not None:
        record_account_event(
            session=session, kind=EventKind.LOGGED_OUT, user=user, ip=ip, details={"session": login.id}
        )
    return True
