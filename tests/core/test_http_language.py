"""The language of an HTTP request: the `lang` cookie (the shopper's choice), else Accept-Language (how a REST
client asks), and a first visit offered its browser's language as the cookie (issue 12)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from store_app.core.http_language import HttpLanguage
from store_app.core.i18n import current_language, from_accept_language


def _served(request: Request) -> PlainTextResponse:
    return PlainTextResponse(current_language())


def _page(request: Request) -> HTMLResponse:
    return HTMLResponse(f"<html lang='{current_language()}'></html>")


APP = HttpLanguage(
    Starlette(routes=[Route("/api/v1/x", _served), Route("/login", _served, methods=["POST"]), Route("/", _page)]),
)


def test_accept_language_is_read_by_quality_then_order() -> None:
    assert from_accept_language("de, en-GB;q=0.7, ru;q=0.8") == "ru"
    assert from_accept_language("en-GB,en;q=0.9") == "en"
    assert from_accept_language("de, fr;q=0.5") is None
    assert from_accept_language("ru;q=0, en;q=0.1") == "en"
    assert from_accept_language("en;q=abc") is None
    assert from_accept_language(None) is None


def test_a_client_without_a_choice_gets_its_accept_language() -> None:
    with TestClient(APP) as client:
        assert client.get("/api/v1/x", headers={"Accept-Language": "en"}).text == "en"
        assert client.get("/api/v1/x").text == "ru"


def test_a_browser_request_follows_the_choice_over_its_accept_language() -> None:
    with TestClient(APP) as client:
        client.cookies.set("lang", "en")
        assert client.post("/login", headers={"Accept-Language": "ru"}).text == "en"
        assert client.get("/api/v1/x", headers={"Accept-Language": "ru"}).text == "en"


def test_a_first_visit_gets_the_cookie_from_accept_language_once() -> None:
    with TestClient(APP) as client:
        first = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9", "Accept": "text/html"})
        assert "lang='en'" in first.text
        cookie = first.headers["set-cookie"]
        assert cookie.startswith("lang=en;") and "SameSite=Lax" in cookie and "HttpOnly" not in cookie
        again = client.get("/", headers={"Accept-Language": "ru", "Accept": "text/html"})
        assert "lang='en'" in again.text  # the cookie, not the header, once it is there
        assert "set-cookie" not in again.headers


def test_a_bad_cookie_counts_as_no_choice() -> None:
    with TestClient(APP) as client:
        client.cookies.set("lang", "xx")
        assert client.post("/login", headers={"Accept-Language": "en"}).text == "en"
