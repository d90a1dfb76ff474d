"""Liveness and readiness checks: is the database (and Redis, when set) reachable from this worker?"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from store_app.core.db import driver_url, get_engine, is_sqlite
from store_app.core.settings import get_settings

CHECK_TIMEOUT_SECONDS = 3.0
_draining = False


def start_draining() -> None:
    """Called when shutdown begins: the worker still finishes its work but is no longer ready."""
    global _draining
    _draining = True


@functools.cache
def _server_probe_engine(url: str) -> Engine:
    """A connection of its own for each probe of a database server, outside the workers' pool, that gives up
    within the check's time: libpq waits for a silent server without end, which kept every probe's thread
    and its pooled connection until the server spoke again."""
    return create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": int(CHECK_TIMEOUT_SECONDS)})


def _database_ok() -> None:
    url = get_settings().db_url
    # A SQLite file cannot go silent; its engine (WAL and the write lock set up) is the shop's own.
    engine = get_engine() if is_sqlite(url) else _server_probe_engine(driver_url(url))
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _redis_ok(url: str) -> None:
    import redis

    timeout = CHECK_TIMEOUT_SECONDS
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        if not client.ping():
            raise RuntimeError("no PONG")
    finally:
        client.close()


def _run_with_timeout(check, *args: str) -> str:  # type: ignore[no-untyped-def]
    """ "ok", or the exception's class name: a URL or password from the message never reaches a probe."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        # The checks give up on their own within CHECK_TIMEOUT_SECONDS; this is the backstop.
        pool.submit(check, *args).result(timeout=CHECK_TIMEOUT_SECONDS + 1)
    except concurrent.futures.TimeoutError:
        return "timeout"
    except Exception as error:
        return type(error).__name__
    finally:
        # A hung connect must not hold the probe; its thread ends with its own timeout.
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False)
    return "ok"


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready?, {"database": "ok" | error class, "redis": ..., "shutdown": ...}); Redis only when REDIS_URL is set."""
    checks = {"database": _run_with_timeout(_database_ok)}
    redis_url = get_settings().redis_url
    if redis_url:
        checks["redis"] = _run_with_timeout(_redis_ok, redis_url)
    if _draining:
        checks["shutdown"] = "draining"
    ready = not _draining and all(value == "ok" for value in checks.values())
    return ready, checks
