"""The short-lived cookie that binds a pending second login step to the browser that passed the password step.

It holds the challenge's random token (the database keeps only its sha256); HttpOnly, SameSite=Strict,
five minutes, `__Host-` and Secure over https, like the session cookie.
"""

from __future__ import annotations

from starlette.requests import cookie_parser

from store_app.accounts.mfa.service import CHALLENGE_LIFETIME
from store_app.core.settings import get_settings

PLAIN_NAME = "store_mfa_pending"


def _https() -> bool:
    return get_settings().public_origin.startswith("https://")


def pending_cookie_name() -> str:
    return f"__Host-{PLAIN_NAME}" if _https() else PLAIN_NAME


def _header(value: str, max_age: int) -> str:
    parts = [f"{pending_cookie_name()}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Strict"]
    if _https():
        parts.append("Secure")
    return "; ".join(parts)


def set_pending_cookie_header(token: str) -> str:
    return _header(token, int(CHALLENGE_LIFETIME.total_seconds()))


def clear_pending_cookie_header() -> str:
    return _header("", 0)


def pending_token_from_cookie_header(cookie_header: str | None) -> str:
    if not cookie_header:
        return ""
    value = cookie_parser(cookie_header).get(pending_cookie_name(), "")
    return value if 0 < len(value) <= 128 else ""
