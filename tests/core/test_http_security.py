"""Security headers on every route, and CORS for the shop's own origin only (SPEC H6)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from store_app.core.http_security import SecurityHeadersMiddleware, content_security_policy


def _client() -> TestClient:
    async def hello(_request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("hi", headers={"referrer-policy": "no-referrer"})

    app = Starlette(routes=[Route("/hello", hello)])
    return TestClient(SecurityHeadersMiddleware(app, public_url="https://shop.example"))


def test_headers_are_added_to_found_and_missing_routes() -> None:
    client = _client()
    for path in ("/hello", "/missing"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["strict-transport-security"].startswith("max-age=")


def test_a_header_the_route_set_itself_is_kept() -> None:
    assert _client().get("/hello").headers["referrer-policy"] == "no-referrer"


def test_csp_allows_the_socket_only_on_the_own_origin() -> None:
    policy = content_security_policy("http://localhost:3000")
    assert "connect-src 'self' ws://localhost:3000" in policy
    assert "*" not in policy
