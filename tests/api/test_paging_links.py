"""Paging links are built on PUBLIC_URL: a forged Host header never puts another site into them."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.requests import Request

from store_app.api.deps import page_links
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


@pytest.mark.parametrize(
    "query",
    ["", "page=3", "size=2&page=3", "q=%D1%87%D0%B0%D0%B9+%26+co&page=2&f.brand=A%2CB&size=5", "a=&page=2&a=1&b=%2B"],
)
def test_paging_links_are_the_request_with_another_page_number_written_last(public_url: str, query: str) -> None:
    scope = {"type": "http", "method": "GET", "path": "/api/v1/products", "query_string": query.encode()}
    request = Request(scope | {"headers": [(b"host", b"evil.example")], "root_path": "", "scheme": "http"})
    others = [item for item in parse_qsl(query, keep_blank_values=True) if item[0] != "page"]
    expected = [f"{PUBLIC}/api/v1/products?{urlencode([*others, ('page', str(n))])}" for n in (2, 4)]
    assert list(page_links(request, page=3, has_previous=True, has_next=True)) == expected
    assert page_links(request, page=1, has_previous=False, has_next=False) == (None, None)
