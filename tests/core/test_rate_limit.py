"""Database rate limits: a sliding window per key, a fixed block once reached, keys never stored as typed."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from store_app.core import clock
from store_app.core.rate_limit import (
    RateLimit,
    RateLimitBlock,
    RateLimitHit,
    blocked_until,
    clear_hits,
    clear_hits_of,
    hits_in_window,
    latest_block_end,
    purge_rate_limits,
    record_hit,
)

LIMIT = RateLimit("test_limit", max_hits=3, window=dt.timedelta(minutes=10), block_for=dt.timedelta(minutes=5))
OTHER = RateLimit("other_limit", max_hits=3, window=dt.timedelta(minutes=10), block_for=dt.timedelta(minutes=5))


def _hit(session: Session, key: str = "k", limit: RateLimit = LIMIT) -> dt.datetime | None:
    return record_hit(session=session, limit=limit, key=key)


def test_the_hit_that_reaches_the_limit_blocks_the_key(session: Session) -> None:
    assert _hit(session) is None
    assert _hit(session) is None
    before = clock.now()
    until = _hit(session)
    assert until is not None and before + LIMIT.block_for <= until <= clock.now() + LIMIT.block_for
    assert blocked_until(session=session, limit=LIMIT, key="k") == until


def test_the_block_ends_after_its_time_and_counting_starts_over(session: Session) -> None:
    for _ in range(3):
        _hit(session)
    clock.advance(LIMIT.block_for + dt.timedelta(seconds=1))
    assert blocked_until(session=session, limit=LIMIT, key="k") is None
    assert _hit(session) is None


def test_hits_older_than_the_window_do_not_count(session: Session) -> None:
    _hit(session)
    _hit(session)
    clock.advance(LIMIT.window + dt.timedelta(seconds=1))
    assert _hit(session) is None
    assert _hit(session) is None
    assert _hit(session) is not None


def test_keys_and_limits_are_counted_apart(session: Session) -> None:
    for _ in range(3):
        _hit(session, "a")
    assert blocked_until(session=session, limit=LIMIT, key="b") is None
    assert blocked_until(session=session, limit=OTHER, key="a") is None
    assert _hit(session, "a", OTHER) is None


def test_clearing_forgets_the_hits_of_one_key(session: Session) -> None:
    _hit(session, "a")
    _hit(session, "a")
    _hit(session, "b")
    clear_hits(session=session, limit=LIMIT, key="a")
    assert _hit(session, "a") is None
    assert _hit(session, "b") is None
    assert _hit(session, "b") is not None


def test_typed_keys_are_not_stored(session: Session) -> None:
    secret_looking = "my password typed into the login field"
    for _ in range(3):
        _hit(session, secret_looking)
    stored = [row.key_hash for row in session.exec(select(RateLimitBlock))]
    assert stored and all(secret_looking not in value for value in stored)


def test_purge_removes_old_hits_and_finished_blocks(session: Session) -> None:
    for _ in range(3):
        _hit(session, "blocked")
    _hit(session, "old")
    clock.advance(dt.timedelta(days=1, minutes=1))
    _hit(session, "fresh")
    assert purge_rate_limits(session=session) == 2
    assert len(session.exec(select(RateLimitHit)).all()) == 1
    assert session.exec(select(RateLimitBlock)).all() == []


def test_several_buckets_are_checked_and_cleared_in_one_statement_each(session: Session) -> None:
    for _ in range(3):
        _hit(session, "a")  # blocks (LIMIT, "a")
    clock.advance(dt.timedelta(minutes=1))
    for _ in range(3):
        _hit(session, "b", OTHER)  # blocks (OTHER, "b") a minute later
    later = blocked_until(session=session, limit=OTHER, key="b")
    checks = [(LIMIT, "a"), (OTHER, "b"), (LIMIT, "b")]
    assert latest_block_end(session=session, checks=checks) == later
    assert latest_block_end(session=session, checks=[(LIMIT, "b"), (OTHER, "a")]) is None  # no such pair blocked
    clock.advance(OTHER.block_for)  # (OTHER, "b") has ended, (LIMIT, "a") too
    assert latest_block_end(session=session, checks=checks) is None
    for key in ("x", "y"):
        _hit(session, key)
        _hit(session, key, OTHER)
    clear_hits_of(session=session, checks=[(LIMIT, "x"), (OTHER, "y")])
    counts = {
        (limit.bucket, key): hits_in_window(session=session, limit=limit, key=key)
        for limit in (LIMIT, OTHER)
        for key in ("x", "y")
    }
    assert counts == {("test_limit", "x"): 0, ("test_limit", "y"): 1, ("other_limit", "x"): 1, ("other_limit", "y"): 0}
