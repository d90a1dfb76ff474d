"""ASGI middleware: every HTTP request is served in its reader's language (SPEC H7).

A request is served in the language its `lang` cookie holds (the shopper's choice, kept by the navbar switch),
else in the first of its `Accept-Language` the shop speaks (a REST client's way to ask), else the default.
A first visit (no cookie yet) gets the cookie, offered from `Accept-Language`, so the page starts in the
shopper's language.
The cookie holds a language code only, and page scripts read it: it is not HttpOnly.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store_app.core.i18n import default_language, from_accept_language, language, supported

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _cookie_language(headers: Headers) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header means no choice was made
        return None
    morsel = jar.get(COOKIE)
    return supported(morsel.value) if morsel else None


class HttpLanguage:
    """Serves each HTTP request in its reader's language (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        chosen = _cookie_language(headers)
        offered = from_accept_language(headers.get("accept-language"))
        served = chosen or offered or default_language()
        first_page = chosen is None and scope["method"] == "GET" and "text/html" in headers.get("accept", "")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and first_page:
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{COOKIE}={served}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax"
                )
            await send(message)

        with language(served):
            await self.app(scope, receive, send_with_cookie)
