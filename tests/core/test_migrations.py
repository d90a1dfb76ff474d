"""Alembic brings an empty database, or one at any earlier revision, to the schema the models describe."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from store_app.core.db import build_engine
from store_app.core.migrations import alembic_config, upgrade_to_head
from store_app.schema import metadata
from tests.utils.databases import postgres_test_url


def test_empty_database_upgrades_to_head_with_every_table(tmp_path: Path) -> None:
    # Its own empty file (the `db_url` fixture copies one migrated once per session).
    db_url = f"sqlite:///{tmp_path / 'empty.db'}"
    upgrade_to_head(db_url)
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


def _revisions_oldest_first() -> list[str]:
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def _walk_every_revision(url: str) -> None:
    """Up one revision at a time, down to empty, and up again: every step from its predecessor."""
    config = alembic_config(url)
    revisions = _revisions_oldest_first()
    for revision in revisions:
        command.upgrade(config, revision)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == revisions[-1]
            assert compare_metadata(context, metadata) == []
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_every_revision_upgrades_and_downgrades_on_sqlite(tmp_path: Path) -> None:
    assert len(_revisions_oldest_first()) >= 7
    _walk_every_revision(f"sqlite:///{tmp_path / 'walk.db'}")


@pytest.mark.postgres
def test_every_revision_upgrades_and_downgrades_on_postgresql() -> None:
    with postgres_test_url() as url:
        command.downgrade(alembic_config(url), "base")
        _walk_every_revision(url)
