"""The database engine and the session helper every service call runs in."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from store_app.core.settings import get_settings
from store_app.core.sqlite_writes import connection_factory

SQLITE_BUSY_SECONDS = 30
# Connections a SQLite file's pool keeps open: the 15 that SQLAlchemy's pool allowed (5 kept, 10 more
# opened for a burst and closed again when they came back). A new SQLite connection costs about 1.4 ms
# of CPU before its first answer (its schema read again), so with more than 5 requests at once the
# REST list's bodies spent about as much on opening connections as on their own work.
SQLITE_POOL_SIZE = 15
# How long an event waits for a pooled server connection when all `DB_POOL_SIZE` are in use; then SQLAlchemy
# raises its TimeoutError and the event fails with the shop's generic error instead of waiting on.
POOL_TIMEOUT_SECONDS = 30
# A server connection back in the pool for longer than this is tested with a round trip before use.
PING_AFTER_IDLE_SECONDS = 1.0
# PostgreSQL runs on psycopg 3 whatever driver its URL names: psycopg prepares a statement on the server
# once a connection has sent it 5 times, so the statements of a cart click are no longer parsed and
# planned again on every event (about half of PostgreSQL's CPU per event, docs/benchmarks.md "Scaled out").
POSTGRES_DRIVER = "postgresql+psycopg"
_OTHER_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg2"}
_RETURNED = "returned_at"
_journal_switch = threading.Lock()


def is_sqlite(url: str) -> bool:
    """Whether `url` names a SQLite database (anything else is a database server: PostgreSQL)."""
    return make_url(url).get_backend_name() == "sqlite"


def driver_url(url: str) -> str:
    """`url` with the driver the shop runs its database on: psycopg 3 for any PostgreSQL URL
    (`postgresql://` and `postgresql+psycopg2://` included), anything else as given."""
    parsed = make_url(url)
    if parsed.drivername not in _OTHER_POSTGRES_DRIVERS:
        return url
    return parsed.set(drivername=POSTGRES_DRIVER).render_as_string(hide_password=False)


def ensure_sqlite_folder(url: str) -> None:
    """SQLite creates the file but not its folder; make the folder (a no-op for servers)."""
    if is_sqlite(url):
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
    if is_sqlite(url):
        ensure_sqlite_folder(url)
        database = str(Path(make_url(url).database or ":memory:").resolve())
        in_file = make_url(url).database not in (None, "", ":memory:")
        if in_file:
            _switch_to_wal(database)
        connect_args = {
            "check_same_thread": False,
            "timeout": SQLITE_BUSY_SECONDS,
            # pysqlite's implicit BEGIN off: the first write opens the transaction with BEGIN IMMEDIATE.
            "isolation_level": None,
            "factory": connection_factory(database, SQLITE_BUSY_SECONDS),
        }
        pooled = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": 0} if in_file else {}  # :memory: has one
        engine = create_engine(url, connect_args=connect_args, **pooled)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return _server_engine(driver_url(url))


def _server_engine(url: str) -> Engine:
    """An engine for a database server (PostgreSQL): `DB_POOL_SIZE` connections kept open, none beyond.

    A pool that opens extra connections for a burst closes them again when they come back, so under
    load (more events at once than the pool holds) it opened and closed server connections all the
    time, each a new PostgreSQL process: hundreds a minute, and the two workers' capacity fell as
    clients were added. Beyond the pool an event now waits for a connection (up to `POOL_TIMEOUT_SECONDS`).
    """
    engine = create_engine(
        url, pool_size=get_settings().db_pool_size, max_overflow=0, pool_timeout=POOL_TIMEOUT_SECONDS
    )
    _ping_after_idle(engine, PING_AFTER_IDLE_SECONDS)
    return engine


def _ping_after_idle(engine: Engine, seconds: float) -> None:
    """Test a pooled connection before use only when it sat in the pool longer than `seconds`.

    SQLAlchemy's `pool_pre_ping` costs every transaction a `SELECT 1` round trip (one of a cart
    event's five). A connection the server dropped while it sat idle (a restart, an idle timeout,
    `pg_terminate_backend`) is still found here and replaced before the event uses it; one dropped
    within `seconds` of its last use fails that one transaction instead, and SQLAlchemy then
    replaces every connection of the pool opened before the failure (README "Running on PostgreSQL
    and Redis").
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
        returned = record.info.get(_RETURNED)  # none yet on a connection just opened
        if returned is None or time.monotonic() - returned <= seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out another (a fresh one if need be).
            raise exc.DisconnectionError from error


def _built_once(build: Callable[[], Engine]) -> Callable[[], Engine]:
    """`functools.cache` for `build`, also when its first calls come from several threads at once.

    The first events after a start arrive together, each in a worker thread: a plain cache let each
    of them build an engine of its own (with its own pool, so more server connections than
    `DB_POOL_SIZE`), of which one was kept. `cache_clear` and `cache_info` work as on the cache.
    """
    cached = functools.cache(build)
    lock = threading.Lock()

    @functools.wraps(build)
    def get() -> Engine:
        with lock:
            return cached()

    get.cache_clear, get.cache_info = cached.cache_clear, cached.cache_info  # type: ignore[attr-defined]
    return get


@_built_once
def get_engine() -> Engine:
    """The process-wide engine for `DB_URL`."""
    return build_engine(get_settings().db_url)


@contextlib.contextmanager
def read_scope() -> Iterator[Session]:
    """A session for reads only: nothing is committed, the transaction is rolled back when the block
    ends (a commit's flush and its catalog hooks cost a tenth of a REST list body)."""
    with Session(get_engine(), expire_on_commit=False, autoflush=False) as session:
        yield session


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
