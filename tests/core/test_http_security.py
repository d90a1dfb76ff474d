"""Security headers on every route, and CORS for the shop's own origin only (SPEC H6)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from store_app.core.http_security import SecurityHeadersMiddleware, content_security_policy, inline_script_hashes


def _client(public_url: str = "https://shop.example") -> TestClient:
    async def hello(_request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("hi", headers={"referrer-policy": "no-referrer"})

    app = Starlette(routes=[Route("/hello", hello)])
    return TestClient(SecurityHeadersMiddleware(app, public_url=public_url))


def test_headers_are_added_to_found_and_missing_routes() -> None:
    client = _client()
    for path in ("/hello", "/missing"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cross-origin-opener-policy"] == "same-origin"
        assert "camera=()" in response.headers["permissions-policy"]
    assert _client().get("/missing").headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_hsts_only_over_https() -> None:
    # README: HSTS over https (on http a browser ignores it, and localhost must not be pinned to https).
    assert "strict-transport-security" not in _client("http://localhost:3000").get("/missing").headers


def test_a_header_the_route_set_itself_is_kept() -> None:
    assert _client().get("/hello").headers["referrer-policy"] == "no-referrer"


def test_csp_allows_the_socket_only_on_the_own_origin() -> None:
    policy = content_security_policy("http://localhost:3000")
    assert "connect-src 'self' ws://localhost:3000" in policy
    assert "*" not in policy


def _script_src(policy: str) -> str:
    return next(part for part in policy.split("; ") if part.startswith("script-src"))


def test_inline_scripts_are_allowed_by_their_hash_only() -> None:
    page = (
        '<script>alert("hi")</script><script type="module" async="">import "/a.js";</script>'
        '<script src="/b.js"></script>'
    )
    hashes = inline_script_hashes([page, page])
    digest = base64.b64encode(hashlib.sha256(b'alert("hi")').digest()).decode()
    assert hashes == [f"'sha256-{digest}'", hashes[1]] and len(hashes) == 2
    script_src = _script_src(content_security_policy("http://localhost:3000", hashes))
    assert "'unsafe-inline'" not in script_src
    assert script_src.split() == ["script-src", "'self'", *hashes]


def test_the_middleware_reads_the_hashes_from_the_built_pages(tmp_path: Path) -> None:
    async def hello(_request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("hi")

    static_dir = tmp_path / "build" / "client"
    now = [100.0]
    client = TestClient(
        SecurityHeadersMiddleware(
            Starlette(routes=[Route("/hello", hello)]),
            public_url="http://localhost:3000",
            static_dir=static_dir,
            clock=lambda: now[0],
        )
    )
    # Before the build: no inline script may run at all.
    assert _script_src(client.get("/hello").headers["content-security-policy"]) == "script-src 'self'"
    (static_dir / "admin").mkdir(parents=True)
    (static_dir / "admin" / "users.html").write_text("<html><script>window.x = 1;</script></html>")
    # The build directory is not globbed on every request: the new build is seen after the rescan pause.
    assert _script_src(client.get("/hello").headers["content-security-policy"]) == "script-src 'self'"
    now[0] += SecurityHeadersMiddleware.RESCAN_SECONDS
    policy = client.get("/hello").headers["content-security-policy"]
    assert _script_src(policy) == "script-src 'self' " + inline_script_hashes(["<script>window.x = 1;</script>"])[0]
