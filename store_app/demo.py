"""Demo data for a fresh shop (SPEC B6): each domain contributes a loader."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlmodel import Session

from store_app.accounts.demo_accounts import load_demo_accounts
from store_app.catalog.demo import load_demo_catalog

logger = logging.getLogger(__name__)

# Each loader fills its domain when its tables are empty and returns how many rows it added.
DemoLoader = Callable[[Session], int]
LOADERS: list[tuple[str, DemoLoader]] = []
LOADERS.append(("accounts", load_demo_accounts))
LOADERS.append(("catalog", load_demo_catalog))


def load_demo_data(*, session: Session) -> dict[str, int]:
    """Run every loader in one transaction; returns rows added per loader."""
    added = {name: loader(session) for name, loader in LOADERS}
    logger.info("demo data: %s", added or "no loaders registered")
    return added
