"""Paging links are built on PUBLIC_URL: a forged Host header never puts another site into them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from store_app.core.settings import get_settings
from tests.utils.factories import make_product

PUBLIC = "https://shop.example"
FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.fixture
def public_url(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PUBLIC_URL", PUBLIC + "/")
    get_settings.cache_clear()
    return PUBLIC


def _assert_on_public_url(link: str | None, page: int) -> None:
    assert link is not None and link.startswith(f"{PUBLIC}/api/v1/"), link
    assert "evil.example" not in link and f"page={page}" in link


def test_product_links_stay_on_public_url_whatever_the_host(
    client: TestClient, session: Session, public_url: str
) -> None:
    for number in range(3):
        make_product(session, name=f"Кабель {number}", price="10.00")
    first = client.get("/api/v1/products", params={"size": 1, "sort": "name"}, headers=FORGED).json()
    _assert_on_public_url(first["next"], 2)
    assert "size=1" in first["next"] and "sort=name" in first["next"]
    second = client.get(first["next"], headers=FORGED).json()
    _assert_on_public_url(second["previous"], 1)
    _assert_on_public_url(second["next"], 3)


def test_staff_lists_links_stay_on_public_url(
    client: TestClient,
    session: Session,
    shopper_headers: dict[str, str],
    staff_headers: dict[str, str],
    public_url: str,
) -> None:
    product = make_product(session, price="10.00")
    for headers in (shopper_headers, staff_headers):  # two accounts, two carts
        client.post("/api/v1/cart/items", json={"product_id": product.id, "quantity": 1}, headers=headers)
    for path in ("/api/v1/profiles", "/api/v1/carts"):
        listing = client.get(path, params={"size": 1}, headers={**staff_headers, **FORGED}).json()
        assert listing["count"] == 2
        _assert_on_public_url(listing["next"], 2)
