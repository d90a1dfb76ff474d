"""SQLite write transactions taken one at a time per process, so writers queue instead of sleeping.

SQLite lets one writer in at a time. Left to itself, a second writer polls in the busy handler
(sleeping 1, 2, 5 ... 100 ms between tries), which turns a 2 ms transaction into a p99 of hundreds
of milliseconds as soon as a few shoppers click together. Here a transaction's first write takes a
lock shared by every engine on the same file in this process (in the cursor, just before SQLite
sees the statement), then opens the transaction with `BEGIN IMMEDIATE`, so the write lock is ours
at once; COMMIT or ROLLBACK releases it, and the next writer wakes the moment it is free. Reads
before the first write run in autocommit, as pysqlite always ran them, so they never wait and
hold no snapshot that a later write could outdate.

The lock is a plain thread lock: service code runs in worker threads (`asyncio.to_thread`), and a
transaction never waits for the event loop, so the holder always gets to its COMMIT. It is taken
with the busy timeout, so a writer of another process (which only the busy handler can wait for)
or a stuck holder ends in the same "database is locked" error as before, never a hang.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from typing import Any

_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|SAVEPOINT)\b", re.IGNORECASE)
_WITH_WRITE = re.compile(r"\s*WITH\b.*\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(database: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(database, threading.Lock())


def is_write(statement: str) -> bool:
    return bool(_WRITE.match(statement) or (statement.lstrip()[:4].upper() == "WITH" and _WITH_WRITE.match(statement)))


class SerialisedCursor(sqlite3.Cursor):
    """Takes the write lock right before a write reaches SQLite: where pysqlite would have begun, after
    every SQLAlchemy event, so an event that runs another transaction first still gets in."""

    connection: SerialisedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if is_write(sql):
            self.connection.begin_write()
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        if is_write(sql):
            self.connection.begin_write()
        return super().executemany(sql, parameters)


class SerialisedConnection(sqlite3.Connection):
    """A pysqlite connection whose write transactions hold the process lock of its file.

    Open it with `isolation_level=None` (pysqlite's implicit BEGIN off): the first write opens the
    transaction with BEGIN IMMEDIATE instead.
    """

    write_lock: threading.Lock
    lock_timeout: float

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.holds_write_lock = False

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or SerialisedCursor)

    def begin_write(self) -> None:
        if self.holds_write_lock or self.in_transaction:
            return
        if not self.write_lock.acquire(timeout=self.lock_timeout):
            raise sqlite3.OperationalError("database is locked (waited for this process's other writer)")
        try:
            super().execute("BEGIN IMMEDIATE")
        except BaseException:
            self.write_lock.release()
            raise
        self.holds_write_lock = True

    def _release(self) -> None:
        if self.holds_write_lock:
            self.holds_write_lock = False
            self.write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:
                self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()


def connection_factory(database: str, timeout: float) -> type[SerialisedConnection]:
    """The `factory=` for sqlite3.connect: connections to `database` share one write lock."""
    return type(
        "SerialisedConnection",
        (SerialisedConnection,),
        {"write_lock": _lock_for(database), "lock_timeout": timeout},
    )
