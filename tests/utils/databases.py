"""Test databases beyond the per-test SQLite file: a throwaway PostgreSQL schema on 127.0.0.1."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from store_app.core.migrations import upgrade_to_head

POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose tables live in a schema of their own, dropped afterwards, so runs of other
    engineers on the same server are not disturbed. Skips (visibly) when the server is not there."""
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3}, isolation_level="AUTOCOMMIT")
    schema = f"t_orders_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            # Extensions belong to one schema; make sure any the migrations want already sit in public,
            # so dropping this schema never drops an extension someone else uses.
            with contextlib.suppress(Exception):
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 (db test) is not reachable: {str(error).splitlines()[0]}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema},public"
    try:
        upgrade_to_head(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3}, isolation_level="AUTOCOMMIT")
    name = f"store_scaled_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            # FORCE: a live server killed mid-test may leave connections behind.
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
