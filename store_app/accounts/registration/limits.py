"""Limits on registering (issue 9 §4): per IP, and per address that registration mails.

Every registration that passes the A1 rules mails someone (the activation link, or the owner of a
taken address), so both doors of the registration service count it here: the page and the API.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlmodel import Session

from store_app.core import clock
from store_app.core.errors import RateLimited
from store_app.core.i18n import t
from store_app.core.rate_limit import RateLimit, latest_block_end, record_hit

_HOUR = dt.timedelta(hours=1)
# Several people may share one NAT (an office, a campus): a few accounts an hour, not a script's 25 in 2 s.
REGISTRATIONS_PER_IP = RateLimit("register_ip", max_hits=10, window=_HOUR, block_for=_HOUR)
# Nobody needs more than a few sign-up mails an hour; more is someone flooding that inbox.
REGISTRATION_MAILS_PER_ADDRESS = RateLimit("register_email", max_hits=5, window=_HOUR, block_for=_HOUR)


def _checks(ip: str, email_key: str | None) -> list[tuple[RateLimit, str]]:
    checks = [(REGISTRATIONS_PER_IP, ip)]
    if email_key:
        checks.append((REGISTRATION_MAILS_PER_ADDRESS, email_key))
    return checks


def refuse_blocked_registration(*, session: Session, ip: str, email_key: str | None) -> None:
    """RateLimited (form-wide, with the wait) while the IP or the address is blocked."""
    end = latest_block_end(session=session, checks=_checks(ip, email_key))
    if end:
        seconds = max(1, math.ceil((end - clock.now()).total_seconds()))
        raise RateLimited(t("register.error.too_many", minutes=math.ceil(seconds / 60)), retry_after_seconds=seconds)


def count_registration(*, session: Session, ip: str, email_key: str) -> None:
    """One registration that mails `email_key`, in the caller's transaction."""
    for limit, key in _checks(ip, email_key):
        record_hit(session=session, limit=limit, key=key)
