"""Guess limits of login, reset, password change and deletion (SPEC A3, A4, H6), on core/rate_limit.

Hits are written in the caller's transaction; a flow that then fails commits before raising,
so the hit counts although the action is refused. An account's buckets are keyed on its id, which
is never given to another account (AUTOINCREMENT on SQLite, a sequence on PostgreSQL), and they
are dropped with the account, so a new account never inherits a lockout (issue 17).
"""

from __future__ import annotations

import datetime as dt
import math

from sqlmodel import Session

from store_app.core import clock
from store_app.core.errors import RateLimited
from store_app.core.i18n import t
from store_app.core.rate_limit import RateLimit, forget_key, latest_block_end, record_hit

_QUARTER = dt.timedelta(minutes=15)
# Failed logins (SPEC A3): per account (or per unknown name typed), and per IP across accounts.
LOGIN_FAILURES_PER_ACCOUNT = RateLimit("login-account", max_hits=5, window=_QUARTER, block_for=_QUARTER)
LOGIN_FAILURES_PER_IP = RateLimit("login-ip", max_hits=20, window=_QUARTER, block_for=_QUARTER)
# A known device (login/known_device.py) is not held by the two above, only by its own count.
LOGIN_FAILURES_PER_DEVICE = RateLimit("login-device", max_hits=5, window=_QUARTER, block_for=_QUARTER)


def longest_login_lock_minutes() -> int:
    """The longest a failed-login lockout lasts: the most the login page may say "wait N minutes"."""
    limits = (LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP, LOGIN_FAILURES_PER_DEVICE)
    return math.ceil(max(limit.block_for for limit in limits).total_seconds() / 60)


# Asking for a code mails someone: few per address, a few more per IP (several people behind one NAT).
RESET_REQUESTS_PER_EMAIL = RateLimit("reset_request_email", max_hits=3, window=_QUARTER, block_for=_QUARTER)
RESET_REQUESTS_PER_IP = RateLimit("reset_request_ip", max_hits=10, window=_QUARTER, block_for=_QUARTER)
# Wrong codes from one IP across any number of addresses (each code also allows only 5 tries).
WRONG_CODES_PER_IP = RateLimit("reset_wrong_code_ip", max_hits=20, window=_QUARTER, block_for=_QUARTER)
# Wrong current passwords typed in the cabinet (change password, delete account), per account.
WRONG_PASSWORDS_PER_ACCOUNT = RateLimit("cabinet_wrong_password", max_hits=5, window=_QUARTER, block_for=_QUARTER)


def _refuse_if_blocked(session: Session, checks: list[tuple[RateLimit, str]], *, message: str, field: str) -> None:
    end = latest_block_end(session=session, checks=checks)
    if end:
        seconds = max(1, math.ceil((end - clock.now()).total_seconds()))
        raise RateLimited(
            t(message, count=math.ceil(seconds / 60), minutes=math.ceil(seconds / 60)),
            retry_after_seconds=seconds,
            field=field,
        )


def limit_reset_requests(*, session: Session, email: str, ip: str) -> None:
    """Refuse while the address or the IP is blocked; otherwise count this request against both."""
    checks = [(RESET_REQUESTS_PER_EMAIL, email), (RESET_REQUESTS_PER_IP, ip)]
    _refuse_if_blocked(session, checks, message="reset.error.rate_limited", field="email")
    for limit, key in checks:
        record_hit(session=session, limit=limit, key=key)


def limit_code_checks(*, session: Session, ip: str) -> None:
    _refuse_if_blocked(session, [(WRONG_CODES_PER_IP, ip)], message="reset.error.rate_limited", field="code")


def count_wrong_code(*, session: Session, ip: str) -> None:
    record_hit(session=session, limit=WRONG_CODES_PER_IP, key=ip)


def account_key(user_id: int) -> str:
    """The key of an account in every per-account bucket."""
    return f"user:{user_id}"


def forget_account_limits(*, session: Session, user_id: int) -> None:
    """Drop the account's hits and blocks (it is being deleted), in the caller's transaction."""
    forget_key(session=session, limit=LOGIN_FAILURES_PER_ACCOUNT, key=account_key(user_id))
    forget_key(session=session, limit=WRONG_PASSWORDS_PER_ACCOUNT, key=account_key(user_id))


def limit_password_checks(*, session: Session, user_id: int, field: str) -> None:
    checks = [(WRONG_PASSWORDS_PER_ACCOUNT, account_key(user_id))]
    _refuse_if_blocked(session, checks, message="password_change.error.rate_limited", field=field)


def count_wrong_password(*, session: Session, user_id: int) -> None:
    record_hit(session=session, limit=WRONG_PASSWORDS_PER_ACCOUNT, key=account_key(user_id))
