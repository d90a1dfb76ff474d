"""Apply alembic migrations from code (start-up, `manage migrate`, tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from store_app.core.db import driver_url, ensure_sqlite_folder
from store_app.core.settings import PROJECT_ROOT, get_settings


def alembic_config(db_url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", driver_url(db_url or get_settings().db_url).replace("%", "%%"))
    return config


def upgrade_to_head(db_url: str | None = None) -> None:
    """Bring the database to the newest revision (a no-op when it is there already)."""
    url = db_url or get_settings().db_url
    ensure_sqlite_folder(url)
    command.upgrade(alembic_config(url), "head")
