"""Fixtures for catalog tests: a small category tree and products made through the service."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from sqlmodel import Session

from store_app.catalog.category_service import CategoryInput, create_category
from store_app.catalog.models import Category, Product
from store_app.catalog.service import ProductInput, create_product
from store_app.core import clock
from store_app.core.db import build_engine
from tests.utils.databases import postgres_test_url

_serial = itertools.count(1)


def add_category(session: Session, name: str, parent: Category | None = None) -> Category:
    return create_category(session=session, data=CategoryInput(name=name, parent_id=parent.id if parent else None))


def add_product(
    session: Session,
    name: str,
    price: str | int,
    *,
    categories: tuple[Category, ...] = (),
    discount: str | int | None = None,
    stock: int = 5,
    is_active: bool = True,
    minutes_later: int = 1,
    description: str = "",
) -> Product:
    """A product created `minutes_later` than the previous one, so "newest" has a clear order."""
    clock.advance(dt.timedelta(minutes=minutes_later))
    data = ProductInput(
        name=name,
        price=str(price),
        discount_price=None if discount is None else str(discount),
        stock=stock,
        is_active=is_active,
        category_ids=[category.id for category in categories if category.id is not None],
        description=description or f"Описание товара {next(_serial)}",
    )
    return create_product(session=session, data=data)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_session(request: pytest.FixtureRequest, db_url: str) -> Iterator[Session]:
    """The test's SQLite database, then a throwaway PostgreSQL database (skipped when unreachable)."""
    with postgres_test_url() if request.param == "postgresql" else contextlib.nullcontext(db_url) as url:
        engine = build_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            yield session
        engine.dispose()
