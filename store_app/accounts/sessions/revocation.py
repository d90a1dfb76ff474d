"""A cheap cross-worker signal that some login session ended or some account changed (issue 10 item 3).

Tabs trust their checked session until its access lifetime runs out, without a database round trip;
this signal is what makes a logout, a disabled account or a revoked staff flag seen at once anyway:
every transaction that ends a session marks itself (`mark_revoked`), and after its commit the signal
moves on. A tab whose last check saw an older signal checks its session in the database again.

The signal is a file under DATA_DIR (one `stat` per check; every worker on the host sees it), or a
Redis counter when REDIS_URL is set (workers on several hosts).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from store_app.core.settings import get_settings

logger = logging.getLogger(__name__)
REDIS_KEY = "store_app:session_revocations"
_FLAG = "store_app.sessions_revoked"
# The signal file is replaced by a fresh one when it grows this long (one byte per revocation).
TRIM_AT_BYTES = 64 * 1024


def _signal_file() -> Path:
    return get_settings().data_dir / "session-revocations"


@functools.cache
def _redis(url: str):  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _file_signal() -> str:
    try:
        info = os.stat(_signal_file())
    except FileNotFoundError:
        return "none"
    return f"file:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def _unreadable(exc: Exception) -> str:
    # Without the signal every check goes to the database: slower, never laxer.
    logger.warning("session revocation signal unreadable: %s", type(exc).__name__)
    return f"unreadable:{os.urandom(4).hex()}"


def current_signal() -> str:
    """The signal now; it changes whenever a session ended since (compare for equality only)."""
    url = get_settings().redis_url
    if not url:
        return _file_signal()
    try:
        value = _redis(url).get(REDIS_KEY)
    except Exception as exc:
        return _unreadable(exc)
    return f"redis:{value.decode() if value else 0}"


_async_clients: dict[tuple[str, int], Any] = {}


async def current_signal_async() -> str:
    """`current_signal` for the event loop: the Redis read does not block it (short timeout)."""
    url = get_settings().redis_url
    if not url:
        return _file_signal()
    import redis.asyncio

    key = (url, id(asyncio.get_running_loop()))
    client = _async_clients.get(key)
    if client is None:
        client = _async_clients[key] = redis.asyncio.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    try:
        value = await client.get(REDIS_KEY)
    except Exception as exc:
        return _unreadable(exc)
    return f"redis:{value.decode() if value else 0}"


def bump() -> None:
    """Move the signal on (after a commit that ended a session or changed an account's rights)."""
    url = get_settings().redis_url
    if url:
        try:
            _redis(url).incr(REDIS_KEY)
        except Exception as exc:
            logger.warning("session revocation signal not sent: %s", type(exc).__name__)
        return
    path = _signal_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        # One byte appended per revocation: O_APPEND writes from several workers never lose one.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, b".")
            written = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        if written.st_size >= TRIM_AT_BYTES:
            _trim(path)  # the new inode is itself a new signal
            return
        try:
            if os.stat(path).st_ino == written.st_ino:
                return
        except FileNotFoundError:
            pass
        # Another worker trimmed the file between our open and our write: our byte went to the old inode,
        # which no reader looks at any more, so send it again to the file readers see.


def _trim(path: Path) -> None:
    """Put a fresh one-byte file in place of a long one: a new inode is a new signal, so no reader misses it."""
    fresh = path.with_name(f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, b".")
    finally:
        os.close(descriptor)
    os.replace(fresh, path)


def mark_revoked(session: OrmSession) -> None:
    """Call inside a transaction that ends a session or changes an account's rights."""
    session.info[_FLAG] = True


@event.listens_for(OrmSession, "after_commit")
def _bump_after_commit(session: OrmSession) -> None:
    if session.info.pop(_FLAG, False):
        bump()


@event.listens_for(OrmSession, "after_rollback")
def _forget_on_rollback(session: OrmSession) -> None:
    session.info.pop(_FLAG, None)
