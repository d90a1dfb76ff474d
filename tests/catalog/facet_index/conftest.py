"""The engine of the test's database (`any_session`), its facet index dropped after the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.catalog.facet_index.keeper import stop_keeping


@pytest.fixture
def kept_index(any_session: Session) -> Iterator[Engine]:
    engine = any_session.get_bind().engine
    yield engine
    stop_keeping(engine)
