"""`read_scope` is for reads only: what a block changes is never committed (real SQLite)."""

from __future__ import annotations

from sqlmodel import Session, select

from store_app.catalog.models import Product
from store_app.core.db import read_scope, session_scope
from tests.utils.factories import make_product


def test_a_read_scope_sees_the_database_and_commits_nothing(session: Session) -> None:
    product = make_product(session, name="Чайник", price="990.00")
    with read_scope() as reading:
        found = reading.exec(select(Product).where(Product.id == product.id)).one()
        assert found.name == "Чайник"
        found.name = "Утюг"  # a change made by mistake in a read
    with session_scope() as fresh:
        assert fresh.exec(select(Product.name).where(Product.id == product.id)).one() == "Чайник"
