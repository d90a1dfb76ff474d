"""The REST list's bound for a write committed in another worker process, "within the second", holds
when a body joined from rows read less than a second ago (no statement, `fresh_list_body`) is kept as
an answer too: the answer is as old as its oldest stock read, not as the moment it was joined, so a
kept answer and kept rows do not add up to two seconds. Timed on a fake clock (the answers' and the
rows' `time.monotonic`), on SQLite and PostgreSQL."""

from __future__ import annotations

import types

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store_app.api import answer_cache, product_rows
from store_app.api import products as products_api
from store_app.api.app import build_api
from store_app.catalog.models import Product
from store_app.core.db import build_engine
from tests.api.test_products_list_index import shop  # noqa: F401 - the fixture
from tests.catalog.conftest import add_category, add_product
from tests.utils.facet_index import keep_index_now


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now


def _stocks(client: TestClient, query: str) -> list[int]:
    return [row["stock"] for row in client.get(f"/api/v1/products?{query}").json()["results"]]


def test_another_workers_sale_shows_within_the_second_through_rows_and_answers_kept(
    shop: Engine,  # noqa: F811 - the fixture above
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Session(shop, expire_on_commit=False) as session:
        phones = add_category(session, "Телефоны")
        made = [add_product(session, f"Смартфон {n}", 1000 + n, categories=(phones,)) for n in range(4)]
        session.commit()
    newest = made[-1].id or 0
    keep_index_now(shop)
    product_rows.forget_kept()
    products_api._answers.clear()
    clock = _Clock()
    fake_time = types.SimpleNamespace(monotonic=clock.monotonic)
    monkeypatch.setattr(product_rows, "time", fake_time)
    monkeypatch.setattr(answer_cache, "time", fake_time)
    other_process = build_engine(str(shop.url.render_as_string(hide_password=False)))
    try:
        with TestClient(build_api()) as client:
            assert _stocks(client, "size=2") == [5, 5]  # the rows made and kept
            assert _stocks(client, "size=2&n=0") == [5, 5]  # their stock read with the version, at 0 s
            # Another process sells three of the newest: no catalog version, no hook in this process.
            with other_process.begin() as connection:
                connection.execute(update(Product).where(col(Product.id) == newest).values(stock=2))
            clock.now += 0.7
            # Another query string, the same page: joined from the rows read 0.7 s ago (allowed).
            assert _stocks(client, "size=2&n=1") == [5, 5]
            clock.now += 0.4  # 1.1 s after the sale: it must show, kept answer or not
            assert _stocks(client, "size=2&n=1") == [2, 5]
            assert _stocks(client, "size=2") == [2, 5]
    finally:
        other_process.dispose()
