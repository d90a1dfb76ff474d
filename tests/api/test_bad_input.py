"""Bad input of every kind is a 4xx JSON answer with the broken fields named, never a 500 and never a
quiet success, and nothing of it is written (SPEC F7)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from store_app.accounts.models import Profile, User
from store_app.cart.models import CartLine
from store_app.catalog.models import Category, Product
from tests.utils.factories import make_product

HUGE = 10**30
WEIRD_AMOUNTS = ["1e999999", "NaN", "Infinity", "-1", "0x10", "1" * 500, "", " "]


def _assert_4xx(response) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, (response.request.method, response.request.url, response.text)
    body = response.json()
    assert body["detail"] and isinstance(body.get("errors", {}), dict), body


def _rows(session: Session) -> dict[str, list[str]]:
    """What bad input must leave as it was."""
    session.expire_all()
    return {
        model.__name__: sorted(repr(row.model_dump()) for row in session.exec(select(model)))
        for model in (Product, Category, CartLine, Profile, User)
    }


@pytest.mark.parametrize("amount", WEIRD_AMOUNTS)
def test_weird_prices_are_refused_by_field(client: TestClient, staff_headers: dict[str, str], amount: str) -> None:
    response = client.post("/api/v1/products", json={"name": "Товар", "price": amount}, headers=staff_headers)
    _assert_4xx(response)
    assert "price" in response.json()["errors"]


def test_huge_numbers_anywhere_are_4xx(
    client: TestClient, session: Session, staff_headers: dict[str, str], shopper_headers: dict[str, str]
) -> None:
    product = make_product(session)
    staff, mine = staff_headers, shopper_headers
    calls = [
        ("POST", "/api/v1/products", {"name": "x", "price": "1", "stock": HUGE}, staff),
        ("POST", "/api/v1/products", {"name": "x", "price": "1", "category_ids": [HUGE]}, staff),
        ("POST", "/api/v1/products", {"name": "x", "price": HUGE}, staff),
        ("PATCH", f"/api/v1/products/{HUGE}", {"name": "y"}, staff),
        ("DELETE", f"/api/v1/products/{HUGE}", None, staff),
        ("PATCH", f"/api/v1/products/{product.id}", {"discount_price": "1e999999"}, staff),
        ("POST", "/api/v1/categories", {"name": "x", "parent_id": HUGE}, staff),
        ("PATCH", f"/api/v1/categories/{HUGE}", {"name": "y"}, staff),
        ("DELETE", f"/api/v1/categories/{HUGE}", None, staff),
        ("POST", "/api/v1/cart/items", {"product_id": HUGE}, mine),
        ("POST", "/api/v1/cart/items", {"product_id": product.id, "quantity": HUGE}, mine),
        ("PATCH", f"/api/v1/cart/items/{HUGE}", {"quantity": 1}, mine),
        ("DELETE", f"/api/v1/cart/items/{HUGE}", None, mine),
        ("GET", f"/api/v1/carts/{HUGE}", None, staff),
        ("GET", f"/api/v1/profiles/{HUGE}", None, staff),
        ("PATCH", f"/api/v1/profiles/{HUGE}", {"first_name": "Ольга"}, staff),
        ("DELETE", f"/api/v1/profiles/{HUGE}", None, staff),
        ("DELETE", f"/api/v1/users/{HUGE}", None, staff),
        ("GET", "/api/v1/carts?page=0&size=1000", None, staff),
        ("GET", f"/api/v1/profiles?page={HUGE}", None, staff),
        ("PATCH", "/api/v1/profiles/me", {"birth_date": "99999-99-99", "address": "\x00"}, mine),
    ]
    before = _rows(session)
    for method, url, body, headers in calls:
        _assert_4xx(client.request(method, url, json=body, headers=headers))
    assert _rows(session) == before


def test_junk_query_strings_on_lists_are_ignored(client: TestClient, staff_headers: dict[str, str]) -> None:
    for query in ("page=99999999999999999999", "size=1e9", "min=NaN&max=-Infinity", "category=%00", "q=%25_%5C"):
        assert client.get(f"/api/v1/products?{query}").status_code == 200, query
        assert client.get(f"/api/v1/products/export.csv?{query}", headers=staff_headers).status_code == 200, query


def test_a_lone_surrogate_in_json_is_refused_under_its_field(
    client: TestClient, staff_headers: dict[str, str], shopper_headers: dict[str, str]
) -> None:
    # JSON may spell a lone surrogate ("\ud800"), which no UTF-8 text can hold: refused as the text rule says,
    # never a 500 from the database or the log.
    product = client.post(
        "/api/v1/products",
        content='{"name": "Смартфон \\ud800", "price": "10"}',
        headers={**staff_headers, "Content-Type": "application/json"},
    )
    assert product.status_code == 422 and list(product.json()["errors"]) == ["name"]
    profile = client.patch(
        "/api/v1/profiles/me",
        content='{"first_name": "Ан\\udfffна"}',
        headers={**shopper_headers, "Content-Type": "application/json"},
    )
    assert profile.status_code == 422 and list(profile.json()["errors"]) == ["first_name"]
