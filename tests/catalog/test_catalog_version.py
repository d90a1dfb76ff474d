"""The catalog version: one row every catalog write moves on in its own transaction (the migration
makes it), so a worker learns of a write committed in another process at its next facet request."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text
from sqlmodel import Session

from store_app.catalog import listing_counts
from store_app.core.db import build_engine
from store_app.core.migrations import alembic_config, upgrade_to_head
from tests.catalog.conftest import add_category


def test_the_migration_makes_the_row_and_takes_the_table_away(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'versions.db'}"
    upgrade_to_head(url)
    engine = build_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id, version FROM catalog_version")).all() == [(1, 0)]
    command.downgrade(alembic_config(url), "search_described_index")
    assert "catalog_version" not in inspect(engine).get_table_names()
    engine.dispose()


def test_a_catalog_write_moves_the_version_on_when_it_commits(any_session: Session) -> None:
    before = listing_counts.catalog_version(any_session)
    add_category(any_session, "Гаджеты")
    assert listing_counts.catalog_version(any_session) == before  # moved on only by the commit
    any_session.rollback()
    assert listing_counts.catalog_version(any_session) == before
    add_category(any_session, "Гаджеты")
    any_session.commit()
    assert listing_counts.catalog_version(any_session) == before + 1
    any_session.commit()  # nothing written: no new version
    assert listing_counts.catalog_version(any_session) == before + 1
