"""SQLite writers of one process queue on a lock instead of polling in the busy handler.

The engine's busy timeout is set to 0 here: any writer that met another's write lock would fail at
once with "database is locked", so a green run shows that no writer ever had to wait in SQLite.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from store_app.core.db import build_engine


@pytest.fixture
def engine(db_url: str) -> Engine:
    engine = build_engine(db_url)

    @event.listens_for(engine, "connect")
    def _no_busy_wait(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout = 0")

    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter (id, value) VALUES (1, 0)"))
    yield engine
    engine.dispose()


def _increment(engine: Engine, hold: float = 0.005) -> None:
    """Read, then write what was read plus one: a lost update would show in the total."""
    with engine.begin() as connection:
        connection.execute(text("SELECT 1")).all()  # a read before the first write runs unlocked
        connection.execute(text("UPDATE counter SET value = value WHERE id = 1"))  # takes the write lock
        value = connection.execute(text("SELECT value FROM counter WHERE id = 1")).scalar_one()
        time.sleep(hold)  # another writer arrives meanwhile
        connection.execute(text("UPDATE counter SET value = :v WHERE id = 1"), {"v": value + 1})


@pytest.mark.timeout(60)
def test_concurrent_writers_from_worker_threads_and_the_event_loop_never_meet_the_busy_handler(
    engine: Engine,
) -> None:
    async def shoppers() -> None:
        workers = [asyncio.to_thread(_increment, engine) for _ in range(40)]
        loop_writer = asyncio.get_running_loop().run_in_executor(None, _increment, engine, 0)
        await asyncio.gather(*workers, loop_writer)
        _increment(engine, 0)  # and one on the event loop's own thread, after them

    asyncio.run(shoppers())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT value FROM counter")).scalar_one() == 42


def test_a_failed_write_transaction_frees_the_lock_and_reads_never_take_it(engine: Engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("UPDATE counter SET value = 5 WHERE id = 1"))
        raise RuntimeError("the action failed")
    reader_done = threading.Event()
    with engine.begin() as writer:
        writer.execute(text("UPDATE counter SET value = 7 WHERE id = 1"))  # holds the lock ...

        def read() -> None:
            with engine.connect() as connection:
                assert connection.execute(text("SELECT value FROM counter")).scalar_one() == 0
            reader_done.set()

        thread = threading.Thread(target=read)
        thread.start()
        assert reader_done.wait(5)  # ... and a reader is not held up by it
        thread.join()
    _increment(engine, 0)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT value FROM counter")).scalar_one() == 8


def test_a_fresh_file_is_in_wal_mode_before_the_engine_opens_a_connection(tmp_path: Path) -> None:
    """New pooled connections that each switched a fresh (rollback-journal) file to WAL at once could
    deadlock on SQLite's lock upgrade, which SQLite answers with "database is locked" at once, whatever
    the busy timeout (the racing job-lease test met it under load). The engine switches the file first."""
    path = tmp_path / "fresh.db"
    with sqlite3.connect(path) as plain:  # the migrations leave files like this: no WAL yet
        plain.execute("CREATE TABLE t (x INTEGER)")
    plain.close()
    engine = build_engine(f"sqlite:///{path}")
    try:
        assert engine.pool.checkedout() == 0
        with sqlite3.connect(path) as plain:
            assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        plain.close()
    finally:
        engine.dispose()


def test_a_burst_of_connections_stays_in_the_pool_for_the_next_one(tmp_path: Path) -> None:
    # SQLAlchemy's default pool closed every connection beyond 5 when it came back, so each burst of
    # more than 5 requests opened (and read the schema of) new SQLite connections again.
    engine = build_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    opened: list[object] = []
    event.listen(engine, "connect", lambda connection, _record: opened.append(connection))
    for _ in range(2):
        burst = [engine.connect() for _ in range(12)]
        for connection in burst:
            connection.exec_driver_sql("SELECT 1")
            connection.close()
    assert len(opened) == 12  # the second burst reused the first one's connections
    engine.dispose()
