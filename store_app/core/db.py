"""The database engine and the session helper every service call runs in."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from store_app.core.settings import get_settings
from store_app.core.sqlite_writes import connection_factory

SQLITE_BUSY_SECONDS = 30
_journal_switch = threading.Lock()


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_folder(url: str) -> None:
    """SQLite creates the file but not its folder; make the folder (a no-op for servers)."""
    if _is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)


def _switch_to_wal(database: str) -> None:
    """Put the file in WAL mode (kept in the file) before the engine hands out any connection.

    Switching needs SQLite's exclusive lock on top of the shared one the PRAGMA already holds. When
    several new connections switch a fresh file at once (a pool filling up under concurrent requests),
    each waits for the others' shared lock to go: SQLite sees the deadlock and answers "database is
    locked" at once, without the busy timeout. One switch at a time per process, on a connection of
    its own, avoids that; on a file already in WAL mode the PRAGMA only reads.
    """
    with _journal_switch:
        connection = sqlite3.connect(database, timeout=SQLITE_BUSY_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()


def build_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout and one writer at a time
    per process (`sqlite_writes`)."""
    if _is_sqlite(url):
        ensure_sqlite_folder(url)
        database = str(Path(make_url(url).database or ":memory:").resolve())
        if make_url(url).database not in (None, "", ":memory:"):
            _switch_to_wal(database)
        connect_args = {
            "check_same_thread": False,
            "timeout": SQLITE_BUSY_SECONDS,
            # pysqlite's implicit BEGIN off: the first write opens the transaction with BEGIN IMMEDIATE.
            "isolation_level": None,
            "factory": connection_factory(database, SQLITE_BUSY_SECONDS),
        }
        engine = create_engine(url, connect_args=connect_args)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@functools.cache
def get_engine() -> Engine:
    """The process-wide engine for `DB_URL`."""
    return build_engine(get_settings().db_url)


@contextlib.contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
