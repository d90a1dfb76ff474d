"""Stand-in codes for addresses without an account, so the code step answers as for a real one.

Asking for a code for an unknown (or disabled) address mails nothing, but notes that a code was
"sent", in the rate-limit table (keyed by an HMAC of the address: no address is stored). Checking
a code for it then gives exactly the answers a real code would: wrong with the tries left, no tries
left, expired, no code (issue 9 §5). A stand-in code never matches.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlmodel import Session, col

from store_app.accounts.reset.models import CODE_LIFETIME, CODE_TRIES
from store_app.core import clock
from store_app.core.rate_limit import RateLimit, RateLimitHit, forget_key, hits_in_window, last_hit_at, record_hit

_NEVER_BLOCKS = 10**9
_ASKED = RateLimit("reset_phantom_code", max_hits=_NEVER_BLOCKS, window=CODE_LIFETIME, block_for=dt.timedelta(0))
_TRIED = RateLimit("reset_phantom_try", max_hits=_NEVER_BLOCKS, window=CODE_LIFETIME, block_for=dt.timedelta(0))


def _forget(session: Session, email_key: str) -> None:
    forget_key(session=session, limit=_ASKED, key=email_key)
    forget_key(session=session, limit=_TRIED, key=email_key)


def issue_phantom_code(*, session: Session, email_key: str) -> None:
    """A "new code" for an address without an account: the old stand-in and its tries are gone."""
    _forget(session, email_key)
    record_hit(session=session, limit=_ASKED, key=email_key)


def try_phantom_code(*, session: Session, email_key: str) -> tuple[str, int]:
    """What a real code would answer to a wrong try: ("no_code" | "expired" | "no_tries_left" |
    "wrong_code", tries left)."""
    asked = last_hit_at(session=session, limit=_ASKED, key=email_key)
    if asked is None:
        return "no_code", 0
    if asked + CODE_LIFETIME <= clock.now():
        _forget(session, email_key)
        return "expired", 0
    record_hit(session=session, limit=_TRIED, key=email_key)
    left = CODE_TRIES - hits_in_window(session=session, limit=_TRIED, key=email_key)
    if left <= 0:
        _forget(session, email_key)
        return "no_tries_left", 0
    return "wrong_code", left


def purge_expired_phantom_codes(*, session: Session) -> int:
    """Drop stand-ins whose code has expired, as the reset purge drops real expired codes."""
    cutoff = clock.now() - CODE_LIFETIME
    result = session.execute(
        delete(RateLimitHit).where(
            col(RateLimitHit.bucket).in_((_ASKED.bucket, _TRIED.bucket)), col(RateLimitHit.created_at) <= cutoff
        )
    )
    return int(result.rowcount or 0)
