"""Where a visitor goes after logging in: only paths of this shop, never another site (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from store_app.ui.routes import LOGIN_ROUTE

MAX_NEXT_LENGTH = 512


def safe_next_path(value: str | None, *, default: str = "/") -> str:
    """`value` when it is a path on this site (query kept), else `default`."""
    if not value or len(value) > MAX_NEXT_LENGTH or not value.startswith("/"):
        return default
    # "//host" and "/\\host" are read by browsers as another host; control characters are never needed.
    if value.startswith(("//", "/\\")) or any(ord(char) < 32 or char == "\\" for char in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.rstrip("/") == LOGIN_ROUTE:
        return default
    return value


def login_url(next_path: str | None = None, **params: str) -> str:
    """The login page, coming back to `next_path` afterwards; `params` add e.g. an error code."""
    query = {key: value for key, value in params.items() if value}
    target = safe_next_path(next_path, default="")
    if target and target != "/":
        query["next"] = target
    return f"{LOGIN_ROUTE}?{urlencode(query)}" if query else LOGIN_ROUTE
