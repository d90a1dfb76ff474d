"""Fixtures for the scale-out tests: the app's own engine on SQLite or on a throwaway PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from store_app.core.db import get_engine
from store_app.core.settings import get_settings
from tests.utils.databases import postgres_test_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app_database(request: pytest.FixtureRequest, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The test runs twice: the app's `session_scope` on the test's SQLite file, then on PostgreSQL."""
    if request.param == "sqlite":
        yield db_url
        return
    with postgres_test_url() as url:
        monkeypatch.setenv("DB_URL", url)
        get_settings.cache_clear()
        get_engine.cache_clear()
        try:
            yield url
        finally:
            get_engine().dispose()
            get_engine.cache_clear()
