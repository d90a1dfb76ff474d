"""Alembic brings an empty database to the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from store_app.core.db import build_engine
from store_app.core.migrations import upgrade_to_head
from store_app.schema import metadata


def test_empty_database_upgrades_to_head_with_every_table(db_url: str) -> None:
    engine = build_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables
    assert "alembic_version" in tables
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_upgrading_twice_changes_nothing(db_url: str) -> None:
    upgrade_to_head(db_url)
    engine = build_engine(db_url)
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    assert revision is not None
