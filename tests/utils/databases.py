"""Test databases beyond the per-test SQLite file: throwaway PostgreSQL databases on 127.0.0.1."""

from __future__ import annotations

import atexit
import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from store_app.core.migrations import upgrade_to_head

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Put before the name of every database the tests make (e.g. `claims_` when engineers share the server and each
# keeps to names of their own); by default none.
PREFIX_VARIABLE = "TEST_DATABASE_PREFIX"


def _new_name(kind: str) -> str:
    return f"{os.environ.get(PREFIX_VARIABLE, '')}{kind}_{uuid.uuid4().hex[:12]}"


_template: list[str] = []  # the migrated template database of this test process, made on first use


def _database_url(name: str) -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


def _admin_sql(statement: str) -> None:
    """Run one statement (CREATE or DROP DATABASE: no transaction may hold them) on the server's `test` database."""
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3}, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def _drop_database(name: str) -> None:
    # FORCE: a connection a test left open (or a live server killed mid-test) must not keep it.
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrated_template() -> str:
    """The name of a database brought to the newest revision by the migrations once per test process
    (dropped when the process ends); each test's database is made from it by a file-level copy, which
    takes a tenth of a second where the migrations take seconds."""
    if not _template:
        name = _new_name("store_tmpl")
        _admin_sql(f'CREATE DATABASE "{name}"')
        atexit.register(_drop_database, name)
        upgrade_to_head(_database_url(name))
        _template.append(name)
    return _template[0]


@contextlib.contextmanager
def postgres_test_url() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL database at the newest revision (a copy of the migrated
    template), dropped afterwards, so runs of other engineers on the same server are not disturbed.
    Skips (visibly) when the server is not there."""
    if reason := postgres_unreachable_reason():
        pytest.skip(reason)
    name = _new_name("t_store")
    _admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{_migrated_template()}"')
    try:
        yield _database_url(name)
    finally:
        _drop_database(name)


def postgres_unreachable_reason() -> str | None:
    """Why the PostgreSQL server cannot be used, or None when it answers."""
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        return f"PostgreSQL at 127.0.0.1:5432 (db test) is not reachable: {str(error).splitlines()[0]}"
    finally:
        admin.dispose()
    return None


@contextlib.contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A whole PostgreSQL database of its own (for a live shop: its migrations, its connections), dropped afterwards."""
    name = _new_name("store_scaled")
    _admin_sql(f'CREATE DATABASE "{name}"')
    try:
        yield _database_url(name)
    finally:
        _drop_database(name)
