"""Fixtures every test can use: a fresh database per test, settings from a clean environment."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from store_app.core import clock
from store_app.core.db import build_engine, get_engine
from store_app.core.migrations import upgrade_to_head
from store_app.core.settings import get_settings
from tests.utils.databases import postgres_test_url


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main thread for the
    rest of the session, and tests that call `asyncio.run` cannot run after it has started."""
    items.sort(key=lambda item: "e2e" in item.nodeid.split("/"))


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own data folder and SQLite file, and real time."""
    monkeypatch.setenv("APP_ENV", "test")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DB_URL", f"sqlite:///{tmp_path / 'data' / 'store.db'}")
    for name in ("SECRET_KEY", "SMTP_HOST", "REDIS_URL", "PUBLIC_URL", "LANGUAGE", "HOST", "PORT", "LOG_MAIL_BODIES"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    get_engine.cache_clear()
    clock.reset()
    yield
    clock.reset()
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(scope="session")
def _migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite file brought to the newest revision by the migrations, once per session: each
    test's database starts as a copy of it (a copy takes a millisecond, the migrations most of a second).
    tests/core/test_migrations.py runs the migrations on a file of its own."""
    path = tmp_path_factory.mktemp("migrated") / "store.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_url(_migrated_sqlite_file: Path) -> str:
    """The test's database, migrated to the newest revision."""
    url = get_settings().db_url
    database = make_url(url).database
    if make_url(url).get_backend_name() == "sqlite" and database and not Path(database).exists():
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_migrated_sqlite_file, database)
    else:  # a test that pointed DB_URL elsewhere, or made its file already
        upgrade_to_head(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine_on_each_database(request: pytest.FixtureRequest, db_url: str) -> Iterator[Engine]:
    """The test runs twice: on its SQLite file, and on a throwaway PostgreSQL database (skipped when unreachable)."""
    if request.param == "sqlite":
        engine = build_engine(db_url)
        yield engine
        engine.dispose()
        return
    with postgres_test_url() as url:
        engine = build_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = build_engine(db_url)
    with Session(engine, expire_on_commit=False) as db_session:
        yield db_session
    engine.dispose()
