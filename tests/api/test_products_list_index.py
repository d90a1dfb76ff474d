"""The product list answered by the worker's facet index (its page read by key, each product's JSON
kept for the catalog version) is byte for byte the list the SQL path gives, for every filter and
sort, on SQLite and PostgreSQL; a kept row is reused only while the product is unchanged, and a
write committed by another process (stock, a category link with the catalog version) shows in the
next body built afresh (another process's stock within the answers' bound, this process's at once)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store_app.api import indexed_list, product_rows
from store_app.api import products as products_api
from store_app.api.app import build_api
from store_app.api.products import ProductListOut, ProductOut
from store_app.catalog.facet_index.keeper import stop_keeping
from store_app.catalog.models import CATALOG_VERSION_ROW, CatalogVersion, Product, ProductCategory
from store_app.core.db import build_engine, get_engine
from store_app.core.settings import get_settings
from store_app.orders.stock import take_stock
from tests.api.test_products_list_body import _catalog
from tests.catalog.conftest import add_category, add_product
from tests.utils.databases import postgres_test_url
from tests.utils.facet_index import keep_index_now
from tests.utils.statements import statements_sent

QUERIES = [
    "",
    "size=2",
    "size=2&page=2",
    "size=1&page=3",
    "size=2&page=9",  # past the end: the last page
    "sort=price&size=5",
    "sort=-price&size=2&page=2",
    "sort=new&size=3",
    "sort=name&size=3",
    "category=phones",
    "category=phones&size=1&page=2&sort=-price",
    "category=sale",
    "category=nosuch",
    "min=999&max=3000",
    "max=1000",
    "f.brand=Apple,Samsung",
    "f.screen=6..7&category=phones",
    "stock=1",
    "q=смартфон",
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shop(request: pytest.FixtureRequest, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The API's own engine on the test's SQLite file, then on a throwaway PostgreSQL database."""
    with postgres_test_url() if request.param == "postgresql" else contextlib.nullcontext(db_url) as url:
        monkeypatch.setenv("DB_URL", url)
        get_settings.cache_clear()
        get_engine.cache_clear()
        engine = get_engine()
        yield engine
        stop_keeping(engine)
        engine.dispose()
        get_engine.cache_clear()


def _bodies(client: TestClient) -> list[bytes]:
    bodies = []
    for query in QUERIES:
        products_api._answers.clear()
        response = client.get(f"/api/v1/products?{query}")
        assert response.status_code == 200, (query, response.text)
        bodies.append(response.content)
    return bodies


def test_the_list_from_the_index_is_the_sql_lists_body_byte_for_byte(shop: Engine) -> None:
    with Session(shop, expire_on_commit=False) as session:
        _catalog(session)
        for n in range(7):
            add_product(session, f"Товар {n}", 990 + 500 * n, discount=None if n % 3 else 500, stock=n % 2)
        session.commit()
    with TestClient(build_api()) as client:
        by_sql = _bodies(client)
        keep_index_now(shop)
        product_rows.forget_kept()
        by_index = _bodies(client)
        again = _bodies(client)  # every row from the kept JSON now
    for query, indexed, sql, kept in zip(QUERIES, by_index, by_sql, again, strict=True):
        assert indexed == sql == kept, query
    # And the declared model's JSON, validated from each product's detail answer.
    with TestClient(build_api()) as client:
        products_api._answers.clear()
        listed = client.get("/api/v1/products", params={"size": "4", "page": "2", "sort": "price"})
        rows = listed.json()
        details = [client.get(f"/api/v1/products/{row['slug']}").content for row in rows["results"]]
    expected = ProductListOut(
        count=rows["count"],
        next=rows["next"],
        previous=rows["previous"],
        results=[ProductOut.model_validate_json(detail) for detail in details],
    )
    assert listed.content == expected.model_dump_json().encode()


def _stock(body: dict, product_id: int) -> int:
    return next(row["stock"] for row in body["results"] if row["id"] == product_id)


def test_kept_rows_are_reused_until_the_product_changes_in_any_process(
    shop: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(shop, expire_on_commit=False) as session:
        phones = add_category(session, "Телефоны")
        made = [add_product(session, f"Смартфон {n}", 1000 + n, categories=(phones,)) for n in range(6)]
        session.commit()
    keep_index_now(shop)
    product_rows.forget_kept()
    newest = made[-1].id or 0
    other_process = build_engine(str(shop.url.render_as_string(hide_password=False)))
    monkeypatch.setattr(indexed_list, "ANSWER_MAX_AGE", 3600.0)  # every stock read is recent enough
    try:
        with TestClient(build_api()) as client:
            with statements_sent(shop) as seen:
                first = client.get("/api/v1/products?size=3").json()
            # The page's products with the catalog version, then their categories and specifications.
            assert len(seen) == 2 and "product_category" in seen[1], seen
            # Other query strings (not the kept answer), the same page:
            with statements_sent(shop) as seen:
                second = client.get("/api/v1/products?size=3&n=1").json()
            assert second["results"] == first["results"] and not seen  # stock read with the version just now
            monkeypatch.setattr(indexed_list, "ANSWER_MAX_AGE", 0.0)  # every stock read is too old
            with statements_sent(shop) as seen:
                third = client.get("/api/v1/products?size=3&n=2").json()
            assert third["results"] == first["results"]
            assert len(seen) == 1, seen  # the page's stock with the catalog version: no products, no extras
            monkeypatch.setattr(indexed_list, "ANSWER_MAX_AGE", 3600.0)

            # Another process sells one: its commit does not move this process's answers or the version,
            # so it shows once the stock read is older than the bound.
            with other_process.begin() as connection:
                connection.execute(update(Product).where(col(Product.id) == newest).values(stock=1))
            assert _stock(client.get("/api/v1/products?size=3&n=3").json(), newest) == 5  # within the bound
            monkeypatch.setattr(indexed_list, "ANSWER_MAX_AGE", 0.0)
            with statements_sent(shop) as seen:
                fourth = client.get("/api/v1/products?size=3&n=4").json()
            assert _stock(fourth, newest) == 1 and _stock(first, newest) == 5
            assert len(seen) == 1, seen  # the stock is read with the version; the kept rows take it in

            # This process sells one: shown at once, whatever the bound.
            monkeypatch.setattr(indexed_list, "ANSWER_MAX_AGE", 3600.0)
            client.get("/api/v1/products?size=3&n=5")
            with Session(shop) as session:
                assert take_stock(session=session, product_id=newest, quantity=1)
                session.commit()
            assert _stock(client.get("/api/v1/products?size=3&n=6").json(), newest) == 0

            # Another process moves a product to no category: a catalog write, with the version.
            monkeypatch.setattr(indexed_list, "ANSWER_MAX_AGE", 0.0)
            with other_process.begin() as connection:
                connection.execute(ProductCategory.__table__.delete().where(col(ProductCategory.product_id) == newest))
                version = col(CatalogVersion.version)
                bump = update(CatalogVersion).where(col(CatalogVersion.id) == CATALOG_VERSION_ROW)
                connection.execute(bump.values(version=version + 1))
            fifth = client.get("/api/v1/products?size=3&n=7").json()
            assert fifth["results"][0]["category_ids"] == []
            assert fifth["results"][1:] == first["results"][1:]
    finally:
        other_process.dispose()
