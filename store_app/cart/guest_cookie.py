"""The guest cart's key: a random value in an HttpOnly cookie, set on the first page a browser opens.

Page scripts cannot read it; the backend reads it from the websocket handshake (`router.headers.cookie`).
Only its SHA-256 is stored in the cart table, so a copy of the database cannot be replayed as a cookie.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from http.cookies import CookieError, SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store_app.core.settings import get_settings

COOKIE_NAME = "guest_cart"
MAX_AGE_SECONDS = 30 * 24 * 3600
_VALID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


def guest_token_from_cookie_header(cookie_header: str) -> str | None:
    """The guest token in a Cookie header, or None when absent or not one we made."""
    try:
        cookies = SimpleCookie(cookie_header or "")
    except CookieError:
        return None
    morsel = cookies.get(COOKIE_NAME)
    return morsel.value if morsel is not None and _VALID.fullmatch(morsel.value) else None


def guest_cart_key(token: str) -> str:
    """What the cart table stores for a guest token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _set_cookie_header(*, https: bool) -> tuple[bytes, bytes]:
    parts = [
        f"{COOKIE_NAME}={secrets.token_urlsafe(32)}",
        "Path=/",
        f"Max-Age={MAX_AGE_SECONDS}",
        "HttpOnly",
        "SameSite=Lax",
    ]
    if https:
        parts.append("Secure")
    return b"set-cookie", "; ".join(parts).encode()


class GuestCartCookieMiddleware:
    """Gives a browser without a valid guest cookie one, on the next HTML page it loads."""

    def __init__(self, app: ASGIApp, *, public_url: str) -> None:
        self.app = app
        self.https = public_url.startswith("https://")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        cookie_header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"cookie"), "")
        if guest_token_from_cookie_header(cookie_header) is not None:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    headers.append(_set_cookie_header(https=self.https))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def with_guest_cart_cookie(asgi_app: ASGIApp) -> GuestCartCookieMiddleware:
    """For `rx.App(api_transformer=[...])`."""
    return GuestCartCookieMiddleware(asgi_app, public_url=get_settings().public_origin)
