"""The product list does not recount the listing on every request, yet a catalog write shows at once;
a page's categories come in one statement; a repeated query is answered from the kept body for a
moment (counted with `before_cursor_execute` on the real SQLite)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.api import products as products_api
from store_app.catalog.category_service import CategoryInput, create_category
from store_app.catalog.service import Actor, ProductInput, create_product, delete_product
from store_app.core.db import get_engine
from store_app.orders.stock import take_stock
from tests.utils.statements import statements_sent

ACTOR = Actor(user_id=None, label="test", ip="127.0.0.1")


def _counts(seen: list[str]) -> list[str]:
    return [statement for statement in seen if "count(" in statement.lower()]


def test_counts_are_kept_per_filter_and_forgotten_when_the_catalog_changes(
    client: TestClient, session: Session
) -> None:
    phones = create_category(session=session, data=CategoryInput(name="Телефоны", slug="phones"))
    made = [
        create_product(
            session=session, data=ProductInput(name=f"Смартфон {n}", price="1000", stock=3, category_ids=[phones.id])
        )
        for n in range(3)
    ]
    session.commit()
    for params in ({"size": "2"}, {"category": "phones", "size": "2"}):
        with statements_sent(get_engine()) as seen:
            first = client.get("/api/v1/products", params=params).json()
            again = client.get("/api/v1/products", params={**params, "page": "2"}).json()
        assert first["count"] == again["count"] == 3
        assert len(_counts(seen)) == 1, seen  # the second page reused the total
        links = [statement for statement in seen if "FROM product_category" in statement]
        assert len(links) == 2  # one statement per page for all its products' categories

    delete_product(session=session, product_id=made[0].id or 0, actor=ACTOR)
    session.commit()
    assert client.get("/api/v1/products", params={"category": "phones"}).json()["count"] == 2
    create_product(session=session, data=ProductInput(name="Чайник", price="990"), actor=ACTOR)
    session.commit()
    assert client.get("/api/v1/products").json()["count"] == 3
    assert [
        item["category_ids"] for item in client.get("/api/v1/products", params={"sort": "name"}).json()["results"]
    ] == [
        [phones.id],
        [phones.id],
        [],
    ]


def test_the_stock_filter_is_always_counted_afresh(client: TestClient, session: Session) -> None:
    product = create_product(session=session, data=ProductInput(name="Чайник", price="990", stock=1))
    session.commit()
    assert client.get("/api/v1/products", params={"stock": "1"}).json()["count"] == 1
    product.stock = 0  # as an order takes the last one: straight on the product
    session.add(product)
    session.commit()
    assert client.get("/api/v1/products", params={"stock": "1"}).json()["count"] == 0


def test_a_repeated_list_request_is_answered_from_the_kept_body_until_the_catalog_or_a_stock_changes(
    client: TestClient, session: Session
) -> None:
    product = create_product(session=session, data=ProductInput(name="Чайник", price="990", stock=3), actor=ACTOR)
    session.commit()
    with statements_sent(get_engine()) as first_time:
        first = client.get("/api/v1/products", params={"size": "5"}).json()
    with statements_sent(get_engine()) as again:
        assert client.get("/api/v1/products", params={"size": "5"}).json() == first
    assert first_time and not again  # the same query string within the second: no statement at all
    assert [item["stock"] for item in first["results"]] == [3]

    assert take_stock(session=session, product_id=product.id or 0, quantity=1)  # an order, straight on the row
    session.commit()
    assert [item["stock"] for item in client.get("/api/v1/products", params={"size": "5"}).json()["results"]] == [2]
    create_product(session=session, data=ProductInput(name="Утюг", price="1990", stock=1), actor=ACTOR)
    session.commit()
    assert client.get("/api/v1/products", params={"size": "5"}).json()["count"] == 2


def test_a_kept_list_answer_expires(client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(products_api._answers, "max_age", 0.0)  # every answer is already too old
    create_product(session=session, data=ProductInput(name="Чайник", price="990", stock=3), actor=ACTOR)
    session.commit()
    client.get("/api/v1/products")
    with statements_sent(get_engine()) as seen:
        assert client.get("/api/v1/products").json()["count"] == 1
    assert seen  # built afresh


def test_a_page_built_afresh_reads_its_products_in_one_statement_and_their_extras_in_another(
    client: TestClient, session: Session
) -> None:
    phones = create_category(session=session, data=CategoryInput(name="Телефоны", slug="phones"))
    for n in range(5):
        create_product(
            session=session, data=ProductInput(name=f"Смартфон {n}", price=f"{1000 + n}", category_ids=[phones.id])
        )
    session.commit()
    client.get("/api/v1/products", params={"size": "2", "sort": "price"})  # the total, kept from now on
    with statements_sent(get_engine()) as seen:
        second = client.get("/api/v1/products", params={"size": "2", "sort": "price", "page": "2"}).json()
    # The page's ids, its products' columns, then the categories and the specifications of all of them:
    # two statements (four before: ids, products, categories, specifications apart).
    assert len(seen) == 2, seen
    assert "JOIN product" in seen[0] and "FROM product_category" in seen[1] and "UNION ALL" in seen[1]
    assert [(row["name"], row["price"], row["category_ids"]) for row in second["results"]] == [
        ("Смартфон 2", "1002.00", [phones.id]),
        ("Смартфон 3", "1003.00", [phones.id]),
    ]
