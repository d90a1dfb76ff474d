"""The guest cart key travels only in an HttpOnly cookie and is stored hashed."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from store_app.cart.guest_cookie import (
    COOKIE_NAME,
    GuestCartCookieMiddleware,
    guest_cart_key,
    guest_token_from_cookie_header,
)

VALID = "A" * 43


def _client(public_url: str = "http://shop.test") -> TestClient:
    app = Starlette(
        routes=[
            Route("/", lambda request: HTMLResponse("<p>page</p>")),
            Route("/api", lambda request: JSONResponse({"ok": True})),
        ]
    )
    return TestClient(GuestCartCookieMiddleware(app, public_url=public_url), base_url=public_url)


def test_first_page_sets_an_httponly_samesite_cookie() -> None:
    response = _client().get("/")
    header = response.headers["set-cookie"]
    assert header.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Secure" not in header
    assert f"Max-Age={30 * 24 * 3600}" in header.split("; ")  # 30 days, as the purge of untouched guest carts
    token = header.split(";")[0].split("=", 1)[1]
    assert guest_token_from_cookie_header(f"{COOKIE_NAME}={token}") == token


def test_https_shop_marks_the_cookie_secure() -> None:
    assert "Secure" in _client("https://shop.test").get("/").headers["set-cookie"]


def test_a_browser_with_a_valid_cookie_keeps_it() -> None:
    response = _client().get("/", headers={"cookie": f"{COOKIE_NAME}={VALID}"})
    assert "set-cookie" not in response.headers


def test_a_forged_or_malformed_cookie_is_replaced() -> None:
    response = _client().get("/", headers={"cookie": f"{COOKIE_NAME}=short"})
    assert response.headers["set-cookie"].startswith(f"{COOKIE_NAME}=")
    assert guest_token_from_cookie_header(f"{COOKIE_NAME}=short") is None
    assert guest_token_from_cookie_header('x="unterminated') is None


def test_api_responses_get_no_cookie() -> None:
    assert "set-cookie" not in _client().get("/api").headers


def test_the_stored_key_is_a_digest_not_the_token() -> None:
    key = guest_cart_key(VALID)
    assert key != VALID and len(key) == 64
    assert guest_token_from_cookie_header(f"other=1; {COOKIE_NAME}={VALID}") == VALID
