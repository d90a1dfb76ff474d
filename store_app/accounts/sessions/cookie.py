"""The browser's only credential: an HttpOnly, SameSite=Strict cookie holding a refresh token (SPEC A7).

Page scripts can neither read nor write it; it is set and cleared only by backend HTTP responses
and read by the backend from requests and from the websocket handshake. Over https it is Secure
and carries the `__Host-` prefix (no Domain, Path=/), so no subdomain can plant or override it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from starlette.requests import cookie_parser

from store_app.core import clock
from store_app.core.settings import get_settings

PLAIN_NAME = "store_session"


def _https() -> bool:
    return get_settings().public_origin.startswith("https://")


def cookie_name() -> str:
    return f"__Host-{PLAIN_NAME}" if _https() else PLAIN_NAME


def session_token_from_cookie_header(cookie_header: str | None) -> str | None:
    """The session cookie's value in a Cookie header, or None."""
    if not cookie_header:
        return None
    value = cookie_parser(cookie_header).get(cookie_name(), "")
    # A JWT is three base64url parts; anything else is not ours.
    return value if 0 < len(value) <= 4096 and value.count(".") == 2 else None


def set_cookie_header(token: str, *, expires_at: dt.datetime) -> str:
    """The Set-Cookie value carrying `token` until `expires_at` (the refresh token's own expiry)."""
    max_age = max(1, int((expires_at - clock.now()).total_seconds()))
    parts = [f"{cookie_name()}={token}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    if _https():
        parts.append("Secure")
    return "; ".join(parts)


def clear_cookie_header() -> str:
    parts = [f"{cookie_name()}=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
    if _https():
        parts.append("Secure")
    return "; ".join(parts)


def is_same_origin_request(headers: Mapping[str, str]) -> bool:
    """A state-changing request must come from the shop's own pages (CSRF defence next to SameSite).

    Browsers always send Origin with a POST; a request without it, or from another origin, or that the
    browser itself marks cross-site, is refused.
    """
    if headers.get("origin", "") != get_settings().public_origin:
        return False
    return headers.get("sec-fetch-site", "same-origin") in {"same-origin", "same-site"}
