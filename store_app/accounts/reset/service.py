"""Progressive password reset (SPEC A4): mail a 6-digit code, check it, then set the new password.

Codes are kept as HMAC-SHA256 under a key derived from SECRET_KEY, not argon2: a 6-digit code has
only a million values, so any hash of it stored alone is brute-forced offline in seconds to hours;
what protects it is a key that is not in the database. HMAC is also cheap, so checking a code
cannot be used to load the CPU. The online guess limits (5 tries per code, per-email and per-IP
limits on asking for codes) and the 10-minute life bound what an attacker can try.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store_app.accounts.history import record_account_event
from store_app.accounts.login.limits import count_wrong_code, limit_code_checks, limit_reset_requests
from store_app.accounts.mail import mail_reset_code
from store_app.accounts.models import User
from store_app.accounts.profile.password_service import new_password_errors, store_new_password
from store_app.accounts.reset.models import CODE_LIFETIME, CODE_TRIES, PasswordResetCode
from store_app.accounts.reset.phantom import issue_phantom_code, purge_expired_phantom_codes, try_phantom_code
from store_app.accounts.rules.email_address import InvalidEmail, normalise_email
from store_app.audit.kinds import EventKind
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.errors import DomainError, ValidationFailed
from store_app.core.i18n import N_, t
from store_app.core.settings import get_settings

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
# Asking for a code takes at least this long whether or not the email is known, so the answer's
# timing says nothing the rate limits do not already cap.
REQUEST_MIN_SECONDS = 0.2


def generate_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(*, user_id: int, code: str) -> str:
    """Keyed hash of a code, bound to its user; the key is derived so it serves nothing else."""
    key = hmac.new(get_settings().secret_key.encode(), b"store_app password reset code", hashlib.sha256).digest()
    return hmac.new(key, f"{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


def lookup_key(email: str) -> str:
    """The form of an address that look-ups and rate limits use; ValueError when it is no address."""
    return normalise_email(email).lower()


def find_resettable_user(*, session: Session, email: str) -> User | None:
    """The active account with this email (any case), or None."""
    try:
        wanted = lookup_key(email)
    except InvalidEmail:
        return None
    query = select(User).where(func.lower(User.email) == wanted, User.is_active == True)  # noqa: E712
    return session.exec(query).first()


def _fail(session: Session, error: DomainError) -> DomainError:
    """Keep what the failed step counted (a used try, a rate-limit hit) although the action fails."""
    session.commit()
    return error


def _issue_code(session: Session, user: User) -> str:
    code, now = generate_code(), clock.now()
    session.exec(delete(PasswordResetCode).where(PasswordResetCode.user_id == user.id))  # type: ignore[call-overload]
    session.add(
        PasswordResetCode(
            user_id=user.id,
            code_hash=hash_code(user_id=user.id, code=code),  # type: ignore[arg-type]
            tries_left=CODE_TRIES,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    return code


def request_reset_code(*, session: Session, email: str, ip: str) -> None:
    """Mail a new code when the address belongs to an active account (the old code dies).

    An unknown address gets the same answer (no error, nothing mailed), with the same work (a code
    is made and hashed either way) and at least REQUEST_MIN_SECONDS, so the form tells nobody who
    has an account (issue 9 §5). Asking is limited per IP and per email address.
    """
    started = time.monotonic()
    try:
        try:
            key = lookup_key(email)
        except InvalidEmail:
            raise DomainError(t("register.error.email_invalid"), field="email") from None
        limit_reset_requests(session=session, email=key, ip=ip)
        user = find_resettable_user(session=session, email=email)
        if user is None:
            hash_code(user_id=0, code=generate_code())
            issue_phantom_code(session=session, email_key=key)
            session.flush()
            return
        code = _issue_code(session, user)
        mail_reset_code(session=session, user=user, code=code, expires_minutes=CODE_LIFETIME.seconds // 60)
        record_account_event(session=session, kind=EventKind.PASSWORD_RESET_REQUESTED, user=user, ip=ip)
        session.flush()
    finally:
        left = REQUEST_MIN_SECONDS - (time.monotonic() - started)
        if left > 0:
            time.sleep(left)


def _take_try(session: Session, row_id: int) -> int | None:
    """Spend one try of the code atomically; the tries left after it, or None when none was left.

    The database decides (`WHERE tries_left > 0`), so tabs racing with wrong codes get at most
    CODE_TRIES comparisons between them: PostgreSQL makes the second writer wait and re-check,
    SQLite serialises writers.
    """
    spent = session.execute(
        update(PasswordResetCode)
        .where(col(PasswordResetCode.id) == row_id, col(PasswordResetCode.tries_left) > 0)
        .values(tries_left=col(PasswordResetCode.tries_left) - 1)
        .returning(col(PasswordResetCode.tries_left))
        .execution_options(synchronize_session=False)
    ).first()
    return None if spent is None else int(spent[0])


# What a phantom code answers besides a wrong try (reset/phantom.py), written out for the catalogue test.
PHANTOM_ANSWER_KEYS = {
    "no_code": N_("reset.error.no_code"),
    "expired": N_("reset.error.expired"),
    "no_tries_left": N_("reset.error.no_tries_left"),
}


def _answer_as_a_real_code(session: Session, *, email: str, ip: str) -> DomainError:
    """An address without an account: what a real code would answer to a wrong try (none matches)."""
    try:
        key = lookup_key(email)
    except InvalidEmail:
        key = ""
    answer, left = try_phantom_code(session=session, email_key=key) if key else ("no_code", 0)
    if answer != "expired":
        count_wrong_code(session=session, ip=ip)
    message = t("reset.error.wrong_code", count=left) if answer == "wrong_code" else t(PHANTOM_ANSWER_KEYS[answer])
    return _fail(session, DomainError(message, field="code"))


def _check_code(session: Session, *, email: str, code: str, ip: str) -> tuple[User, PasswordResetCode]:
    """The user and their live code when `code` matches; a wrong try is counted (and kept)."""
    limit_code_checks(session=session, ip=ip)
    user = find_resettable_user(session=session, email=email)
    if user is None:
        raise _answer_as_a_real_code(session, email=email, ip=ip)
    row = session.exec(select(PasswordResetCode).where(PasswordResetCode.user_id == user.id)).first()
    if row is None or row.tries_left <= 0:
        count_wrong_code(session=session, ip=ip)
        raise _fail(session, DomainError(t("reset.error.no_code"), field="code"))
    if row.expires_at <= clock.now():
        session.delete(row)
        raise _fail(session, DomainError(t("reset.error.expired"), field="code"))
    left = _take_try(session, row.id)  # type: ignore[arg-type]
    if left is None:  # another tab spent the last try since the read above
        count_wrong_code(session=session, ip=ip)
        raise _fail(session, DomainError(t("reset.error.no_code"), field="code"))
    candidate = code.strip()
    good = candidate.isdigit() and len(candidate) == CODE_DIGITS
    if not (good and hmac.compare_digest(row.code_hash, hash_code(user_id=user.id, code=candidate))):  # type: ignore[arg-type]
        count_wrong_code(session=session, ip=ip)
        if left <= 0:
            session.execute(delete(PasswordResetCode).where(col(PasswordResetCode.id) == row.id))
            raise _fail(session, DomainError(t("reset.error.no_tries_left"), field="code"))
        raise _fail(session, DomainError(t("reset.error.wrong_code", count=left), field="code"))
    # The right code gives its try back: only wrong guesses use up the five.
    session.execute(
        update(PasswordResetCode)
        .where(col(PasswordResetCode.id) == row.id)
        .values(tries_left=col(PasswordResetCode.tries_left) + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    return user, row


def verify_reset_code(*, session: Session, email: str, code: str, ip: str) -> None:
    """The second step: raises a DomainError on field `code` unless the code is right (the code stays live)."""
    _check_code(session, email=email, code=code, ip=ip)


def complete_reset(
    *, session: Session, email: str, code: str, password: str, password2: str, ip: str, user_agent: str = ""
) -> User:
    """The last step: the code again, then the new password by A1 rules; ends every login session."""
    user, row = _check_code(session, email=email, code=code, ip=ip)
    rules, mismatch = new_password_errors(user=user, password=password, repeat=password2)
    if rules or mismatch:
        raise ValidationFailed({"password": rules, "password2": mismatch})
    # The code arrived at this address, which proves it is theirs as well as an activation link would.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = clock.now()
    session.delete(row)
    store_new_password(
        session=session,
        user=user,
        password=password,
        keep_session_id=None,
        ip=ip,
        event=EventKind.PASSWORD_RESET_COMPLETED,
        user_agent=user_agent,
    )
    return user


def purge_expired_reset_codes(*, session: Session) -> int:
    """Delete codes past their expiry (SPEC A7.3); returns how many."""
    result = session.exec(delete(PasswordResetCode).where(PasswordResetCode.expires_at <= clock.now()))  # type: ignore[call-overload,arg-type]
    return (result.rowcount or 0) + purge_expired_phantom_codes(session=session)


def purge_reset_codes_job() -> None:
    """The periodic job (registered in store_app.py); deleting by a cutoff is safe on every worker at once."""
    with session_scope() as session:
        purged = purge_expired_reset_codes(session=session)
    if purged:
        logger.info("purged %s expired password reset codes", purged)
