"""Logging in with a password, with lockout, and logging out (SPEC A3, A5, E1).

Blocking (it hashes): call it from a worker thread. A failed attempt is committed before the
error is raised, so the caller's rollback cannot erase the count that leads to a lockout.

A login's own Python work holds the GIL that the event loop and every request thread need while
logins run (issue 18), so a password login reads what its checks need in two statements (the account
with its profile, 2FA row and whether it logged in before; the blocks of its buckets), holds no pooled
connection while it waits for the hash, and writes its rows once (`tests/accounts/test_login_cost.py`
pins the count).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from store_app.accounts.history import record_account_event
from store_app.accounts.login.known_device import issue_device_token, known_device_id
from store_app.accounts.login.limits import (
    LOGIN_FAILURES_PER_ACCOUNT,
    LOGIN_FAILURES_PER_DEVICE,
    LOGIN_FAILURES_PER_IP,
    account_key,
)
from store_app.accounts.mail import mail_security_notice
from store_app.accounts.mfa.models import MfaSecret
from store_app.accounts.mfa.service import check_code, claim_challenge, is_enabled, open_challenge, start_challenge
from store_app.accounts.models import Profile, User
from store_app.accounts.sessions.models import LoginSession
from store_app.accounts.sessions.service import end_session, start_session
from store_app.audit.kinds import EventKind
from store_app.audit.models import HistoryEvent
from store_app.audit.service import record_event
from store_app.core import clock
from store_app.core.errors import NotAuthenticated, PermissionDenied, RateLimited
from store_app.core.i18n import current_language, t
from store_app.core.passwords import check_password
from store_app.core.rate_limit import RateLimit, clear_hits, clear_hits_of, latest_block_end, record_hit

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


@dataclasses.dataclass(frozen=True)
class _Account:
    """The account a login names, read with what its checks need. Held here, its profile (the new-device
    mail's greeting) and 2FA row stay in the session's identity map (which holds rows only weakly), so
    `session.get` of them sends nothing."""

    user: User
    profile: Profile | None
    mfa: MfaSecret | None
    logged_in_before: bool


def _login_events(user_id: Any) -> SelectOfScalar[int | None]:
    # actor_id is indexed; only a login writes this kind, and it names the account itself as the actor.
    return select(HistoryEvent.id).where(
        HistoryEvent.actor_id == user_id, HistoryEvent.kind == EventKind.LOGGED_IN.value
    )


# Built once: building the statement anew cost a login more CPU than sending it (issue 18).
_ACCOUNT_BY_IDENTIFIER = (
    select(User, Profile, MfaSecret, _login_events(User.id).exists())
    .outerjoin(Profile, col(Profile.user_id) == col(User.id))
    .outerjoin(MfaSecret, col(MfaSecret.user_id) == col(User.id))
    .where(or_(func.lower(User.login) == bindparam("needle"), func.lower(User.email) == bindparam("needle")))
)


def _find_account(session: Session, identifier: str) -> _Account | None:
    """The account whose login or email is `identifier`, regardless of case (one statement)."""
    needle = identifier.strip().lower()
    if not needle or len(needle) > MAX_IDENTIFIER_LENGTH:
        return None
    row = session.exec(_ACCOUNT_BY_IDENTIFIER, params={"needle": needle}).first()
    if row is None:
        return None
    user, profile, mfa, logged_in_before = row
    return _Account(user=user, profile=profile, mfa=mfa, logged_in_before=bool(logged_in_before))


def _account_key(user: User | None, identifier: str) -> str:
    # Unknown names are limited like real accounts, so the lockout does not tell which exist.
    return account_key(user.id) if user and user.id else f"name:{identifier.strip().lower()[:MAX_IDENTIFIER_LENGTH]}"


def _limits(user: User | None, identifier: str, ip: str, device: str | None) -> list[tuple[RateLimit, str]]:
    """Which buckets hold this attempt: a known device's own (`device`, its id), else the account's and the IP's."""
    if user is not None and user.id is not None and device is not None:
        return [(LOGIN_FAILURES_PER_DEVICE, f"{account_key(user.id)}:{device}")]
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
    account = _find_account(session, identifier)
    user = account.user if account else None
    device = known_device_id(device_token, user_id=user.id) if user and user.id else None
    checks = _limits(user, identifier, ip, device)
    running = latest_block_end(session=session, checks=checks)
    if running:
        raise LockedOut(running)
    # Nothing written yet: end the reads' transaction, so no pooled connection waits for the hash with us.
    session.commit()
    # Always one hash, so an unknown login takes as long as a wrong password.
    password_check = check_password(password, user.password_hash if user else None)
    password_ok = password_check.ok
    if account is not None and user is not None and password_ok and user.is_active:
        assert user.id is not None
        if password_check.new_hash:  # made with weaker parameters than today's: kept anew
            user.password_hash = password_check.new_hash
            session.add(user)
        if account.mfa is not None and is_enabled(session=session, user_id=user.id):
            _ask_for_code(session=session, user=user, ip=ip)
        if browser:
            _notice_if_new_device(
                session=session,
                user=user,
                device=device,
                ip=ip,
                user_agent=user_agent,
                logged_in_before=account.logged_in_before,
            )
        return _succeed(session=session, user=user, ip=ip, user_agent=user_agent, checks=checks)
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


def _ask_for_code(*, session: Session, user: User, ip: str) -> None:
    """The password step passed: commit a pending challenge and raise MfaRequired with its token."""
    assert user.id is not None
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
    running = latest_block_end(session=session, checks=checks)
    if running:
        raise LockedOut(running)
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
            device = known_device_id(device_token, user_id=user.id)
            _notice_if_new_device(session=session, user=user, device=device, ip=ip, user_agent=user_agent)
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


def _notice_if_new_device(
    *, session: Session, user: User, device: str | None, ip: str, user_agent: str, logged_in_before: bool | None = None
) -> None:
    """Mail "a new browser logged in" when this browser holds no known-device cookie of the account
    (`device`: the id of a valid one).

    An account that never logged in before (the first login after registering) gets no such mail:
    `logged_in_before` says so when the caller read it already; else the history log is asked, so call
    this before the login's own history event. The history log is kept for good, unlike sessions.
    """
    assert user.id is not None
    if device is not None:
        return
    if logged_in_before is None:
        logged_in_before = session.exec(_login_events(user.id).limit(1)).first() is not None
    if logged_in_before:
        mail_security_notice(session=session, user=user, event="new_device", ip=ip, device=user_agent)


def _succeed(
    *, session: Session, user: User, ip: str, user_agent: str, checks: list[tuple[RateLimit, str]]
) -> LoginResult:
    assert user.id is not None
    device_checks = [(limit, key) for limit, key in checks if limit is LOGIN_FAILURES_PER_DEVICE]
    clear_hits_of(session=session, checks=[(LOGIN_FAILURES_PER_ACCOUNT, account_key(user.id)), *device_checks])
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
