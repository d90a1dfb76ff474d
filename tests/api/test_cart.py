"""F3 over HTTP: my cart through the cart service, stock refusals as JSON, staff's view of all carts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.accounts.models import User
from tests.utils.factories import make_product


def test_add_change_remove_with_exact_totals(
    client: TestClient, session: Session, shopper_headers: dict[str, str]
) -> None:
    product = make_product(session, price="1000.00", discount="899.99", stock=5)
    added = client.post("/api/v1/cart/items", json={"product_id": product.id, "quantity": 2}, headers=shopper_headers)
    assert added.status_code == 200, added.text
    assert added.json()["totals"] == {
        "items_count": 2,
        "subtotal": "2000.00",
        "savings": "200.02",
        "total": "1799.98",
    }
    changed = client.patch(f"/api/v1/cart/items/{product.id}", json={"quantity": 3}, headers=shopper_headers)
    assert changed.json()["lines"][0]["quantity"] == 3
    mine = client.get("/api/v1/cart", headers=shopper_headers).json()
    assert mine["lines"][0]["unit_price"] == "899.99" and mine["totals"]["total"] == "2699.97"
    removed = client.delete(f"/api/v1/cart/items/{product.id}", headers=shopper_headers)
    assert removed.json()["lines"] == [] and removed.json()["totals"]["total"] == "0.00"


def test_stock_and_quantity_refusals_are_json_by_field(
    client: TestClient, session: Session, shopper_headers: dict[str, str]
) -> None:
    product = make_product(session, stock=2)
    too_many = client.post(
        "/api/v1/cart/items", json={"product_id": product.id, "quantity": 3}, headers=shopper_headers
    )
    assert too_many.status_code == 409  # a conflict with the stock, not malformed input
    assert "quantity" in too_many.json()["errors"]
    zero = client.post("/api/v1/cart/items", json={"product_id": product.id, "quantity": 0}, headers=shopper_headers)
    assert zero.status_code == 422
    assert "quantity" in zero.json()["errors"]
    text = client.post("/api/v1/cart/items", json={"product_id": product.id, "quantity": "x"}, headers=shopper_headers)
    assert text.status_code == 422
    missing = client.post("/api/v1/cart/items", json={"product_id": 999999}, headers=shopper_headers)
    assert missing.status_code == 404
    no_line = client.patch(f"/api/v1/cart/items/{product.id}", json={"quantity": 1}, headers=shopper_headers)
    assert no_line.status_code == 404


def test_cart_needs_a_token(client: TestClient) -> None:
    assert client.get("/api/v1/cart").status_code == 401


def test_staff_list_all_carts_and_one_by_id(
    client: TestClient,
    session: Session,
    shopper: User,
    shopper_headers: dict[str, str],
    staff_headers: dict[str, str],
) -> None:
    product = make_product(session, price="10.00")
    client.post("/api/v1/cart/items", json={"product_id": product.id, "quantity": 4}, headers=shopper_headers)
    assert client.get("/api/v1/carts", headers=shopper_headers).status_code == 403
    listing = client.get("/api/v1/carts", params={"size": 1}, headers=staff_headers).json()
    assert listing["count"] == 2 and listing["next"] is not None and listing["previous"] is None
    first = listing["results"][0]
    assert first["user_id"] == shopper.id and first["items_count"] == 4 and first["total"] == "40.00"
    detail = client.get(f"/api/v1/carts/{first['id']}", headers=staff_headers).json()
    assert detail["user_id"] == shopper.id and detail["lines"][0]["quantity"] == 4
    assert client.get("/api/v1/carts/999999", headers=staff_headers).status_code == 404
