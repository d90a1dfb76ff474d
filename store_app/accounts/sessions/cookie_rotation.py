"""Rotates the session cookie when a page loads, so a copied cookie soon stops working (SPEC A7).

Only an HTTP response can write an HttpOnly cookie, and every full page load is one: when the
cookie's refresh token is older than the access-token lifetime, the page's response carries a
new one and the old one is marked rotated. Presenting a rotated token again later ends the
session (reuse detection, session_service.rotate_refresh_token); an unusable cookie is cleared.
The page's websocket connects after the response, so it brings the new cookie to the backend.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store_app.accounts.sessions.cookie import clear_cookie_header, session_token_from_cookie_header, set_cookie_header
from store_app.accounts.sessions.token_service import rotate_refresh_token
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.settings import get_settings
from store_app.core.tokens import REFRESH, InvalidToken, decode_token

_NOT_PAGES = ("/api/", "/_event", "/_upload", "/ping", "/_health", "/_next", "/assets/")


def _is_page_load(scope: Scope, headers: Headers) -> bool:
    if scope.get("method") != "GET" or scope.get("path", "").startswith(_NOT_PAGES):
        return False
    destination = headers.get("sec-fetch-dest")
    return destination == "document" if destination else "text/html" in headers.get("accept", "")


def renewed_cookie(token: str) -> str | None:
    """The Set-Cookie value for a page load presenting `token`: a rotated one, a clearing one, or None."""
    try:
        claims = decode_token(token, token_type=REFRESH)
        if clock.now() - claims.issued_at < dt.timedelta(seconds=get_settings().access_token_seconds):
            return None
        with session_scope() as session:
            _, pair = rotate_refresh_token(session=session, refresh_token=token)
    except InvalidToken:
        return clear_cookie_header()
    return set_cookie_header(pair.refresh, expires_at=pair.refresh_expires_at)


class SessionCookieRotation:
    """ASGI middleware: on a page load with the session cookie, rotate it when due (see module doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        token = session_token_from_cookie_header(headers.get("cookie"))
        if token is None or not _is_page_load(scope, headers):
            await self.app(scope, receive, send)
            return
        set_cookie = await asyncio.to_thread(renewed_cookie, token)
        if set_cookie is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(name, value) for name, value in message.get("headers", []) if name.lower() != b"cache-control"]
                # A response that sets a credential must never be stored by a cache.
                message["headers"] = [*kept, (b"set-cookie", set_cookie.encode()), (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
