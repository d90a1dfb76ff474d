"""Rate limits kept in the database, so every backend worker sees the same counts (SPEC A3, H6).

A limit counts hits (e.g. failed logins) per key (an account, an IP) in a sliding window;
the hit that reaches the maximum blocks the key for a fixed time. Keys are stored as an
HMAC, never as typed, so a password typed into the login field does not land in a table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Delete, Index, and_, bindparam, delete, func, or_
from sqlmodel import Field, Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from store_app.core import clock
from store_app.core.settings import get_settings


class RateLimitHit(SQLModel, table=True):
    __tablename__ = "rate_limit_hit"
    __table_args__ = (Index("ix_rate_limit_hit_bucket_key_time", "bucket", "key_hash", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=40)
    key_hash: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=clock.now)


class RateLimitBlock(SQLModel, table=True):
    __tablename__ = "rate_limit_block"

    bucket: str = Field(max_length=40, primary_key=True)
    key_hash: str = Field(max_length=64, primary_key=True)
    blocked_until: dt.datetime = Field(index=True)


@dataclasses.dataclass(frozen=True)
class RateLimit:
    """At most `max_hits` within `window` per key; reaching it blocks the key for `block_for`."""

    bucket: str
    max_hits: int
    window: dt.timedelta
    block_for: dt.timedelta


def _key_hash(limit: RateLimit, key: str) -> str:
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, f"{limit.bucket}\0{key}".encode(), hashlib.sha256).hexdigest()


def blocked_until(*, session: Session, limit: RateLimit, key: str) -> dt.datetime | None:
    """When the block on `key` ends, or None when it is not blocked."""
    block = session.get(RateLimitBlock, (limit.bucket, _key_hash(limit, key)))
    if block is None or block.blocked_until <= clock.now():
        return None
    return block.blocked_until


@functools.cache
def _pairs(model: type[RateLimitHit] | type[RateLimitBlock], count: int) -> ColumnElement[bool]:
    """`(bucket, key) in [pair 0, pair 1, ...]` with bound parameters `b0`, `k0`...: built once per count,
    so a check of several buckets costs one statement and no expression building (issue 18)."""
    return or_(
        *(
            and_(col(model.bucket) == bindparam(f"b{index}"), col(model.key_hash) == bindparam(f"k{index}"))
            for index in range(count)
        )
    )


def _pair_values(checks: Sequence[tuple[RateLimit, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, (limit, key) in enumerate(checks):
        values[f"b{index}"], values[f"k{index}"] = limit.bucket, _key_hash(limit, key)
    return values


@functools.cache
def _blocks_of(count: int) -> SelectOfScalar[RateLimitBlock]:
    return select(RateLimitBlock).where(_pairs(RateLimitBlock, count))


@functools.cache
def _hits_of(count: int) -> Delete:
    return delete(RateLimitHit).where(_pairs(RateLimitHit, count))


def latest_block_end(*, session: Session, checks: Sequence[tuple[RateLimit, str]]) -> dt.datetime | None:
    """`blocked_until` for several (limit, key) pairs in one statement: when the last running block ends."""
    if not checks:
        return None
    now = clock.now()
    blocks = session.exec(_blocks_of(len(checks)), params=_pair_values(checks)).all()
    return max((block.blocked_until for block in blocks if block.blocked_until > now), default=None)


def record_hit(*, session: Session, limit: RateLimit, key: str) -> dt.datetime | None:
    """Count one hit; returns the end of the block when this hit reached the limit."""
    now = clock.now()
    key_hash = _key_hash(limit, key)
    session.add(RateLimitHit(bucket=limit.bucket, key_hash=key_hash, created_at=now))
    session.flush()
    hits = session.exec(
        select(func.count())
        .select_from(RateLimitHit)
        .where(
            RateLimitHit.bucket == limit.bucket,
            RateLimitHit.key_hash == key_hash,
            col(RateLimitHit.created_at) > now - limit.window,
        )
    ).one()
    if hits < limit.max_hits:
        return None
    until = now + limit.block_for
    block = session.get(RateLimitBlock, (limit.bucket, key_hash))
    if block is None:
        session.add(RateLimitBlock(bucket=limit.bucket, key_hash=key_hash, blocked_until=until))
    else:
        block.blocked_until = until
        session.add(block)
    # The hits that caused the block are spent: after it, the key starts from zero.
    _delete_hits(session, limit.bucket, key_hash)
    session.flush()
    return until


def hits_in_window(*, session: Session, limit: RateLimit, key: str) -> int:
    """How many hits `key` has within the window now."""
    query = (
        select(func.count())
        .select_from(RateLimitHit)
        .where(
            RateLimitHit.bucket == limit.bucket,
            RateLimitHit.key_hash == _key_hash(limit, key),
            col(RateLimitHit.created_at) > clock.now() - limit.window,
        )
    )
    return int(session.exec(query).one())


def last_hit_at(*, session: Session, limit: RateLimit, key: str) -> dt.datetime | None:
    """When `key` was last hit (kept until the purge, whatever the window), or None."""
    query = select(func.max(RateLimitHit.created_at)).where(
        RateLimitHit.bucket == limit.bucket, RateLimitHit.key_hash == _key_hash(limit, key)
    )
    return session.exec(query).one()


def clear_hits(*, session: Session, limit: RateLimit, key: str) -> None:
    """Forget the hits of `key` (e.g. after a successful login); a running block stays."""
    _delete_hits(session, limit.bucket, _key_hash(limit, key))


def clear_hits_of(*, session: Session, checks: Sequence[tuple[RateLimit, str]]) -> None:
    """`clear_hits` for several (limit, key) pairs in one statement."""
    if checks:
        session.execute(_hits_of(len(checks)), _pair_values(checks))


def forget_key(*, session: Session, limit: RateLimit, key: str) -> None:
    """Forget everything about `key`, hits and a running block (e.g. the account is deleted)."""
    key_hash = _key_hash(limit, key)
    _delete_hits(session, limit.bucket, key_hash)
    query = delete(RateLimitBlock).where(
        col(RateLimitBlock.bucket) == limit.bucket, col(RateLimitBlock.key_hash) == key_hash
    )
    session.execute(query)


def _delete_hits(session: Session, bucket: str, key_hash: str) -> None:
    query = delete(RateLimitHit).where(col(RateLimitHit.bucket) == bucket, col(RateLimitHit.key_hash) == key_hash)
    session.execute(query)


def purge_rate_limits(*, session: Session, keep_hits_for: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete hits older than `keep_hits_for` (longer than any window) and finished blocks."""
    now = clock.now()
    hits = session.execute(delete(RateLimitHit).where(col(RateLimitHit.created_at) < now - keep_hits_for))
    blocks = session.execute(delete(RateLimitBlock).where(col(RateLimitBlock.blocked_until) <= now))
    return int(hits.rowcount or 0) + int(blocks.rowcount or 0)
