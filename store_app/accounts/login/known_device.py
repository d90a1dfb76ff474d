"""The known-device cookie (issue 9 §4): a browser that logged in before keeps its way in.

5 wrong passwords from anywhere used to lock an account for everyone, its owner included. Now a
browser that once logged in successfully carries a signed `store_device` cookie (HttpOnly,
SameSite=Strict, `__Host-` and Secure over https) naming the account and a random device id;
while the account or the IP is locked for unknown devices, a known device is limited on its own
(5 failures per device). The cookie is no credential: the password is still needed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import re
import secrets

from starlette.requests import cookie_parser

from store_app.core import clock
from store_app.core.settings import get_settings

PLAIN_NAME = "store_device"
LIFETIME = dt.timedelta(days=180)
# user id . expiry (unix seconds) . device id . signature
_SHAPE = re.compile(r"(\d{1,18})\.(\d{1,12})\.([A-Za-z0-9_-]{16,64})\.([0-9a-f]{64})")


def _https() -> bool:
    return get_settings().public_origin.startswith("https://")


def device_cookie_name() -> str:
    return f"__Host-{PLAIN_NAME}" if _https() else PLAIN_NAME


def _signature(payload: str) -> str:
    key = hmac.new(get_settings().secret_key.encode(), b"store_app known device", hashlib.sha256).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def issue_device_token(*, user_id: int) -> str:
    """A fresh token for a browser that just logged in to `user_id`."""
    expires = math.floor((clock.now() + LIFETIME).timestamp())
    payload = f"{user_id}.{expires}.{secrets.token_urlsafe(18)}"
    return f"{payload}.{_signature(payload)}"


def known_device_id(token: str | None, *, user_id: int) -> str | None:
    """The device id when `token` is ours, unexpired and issued to `user_id`; else None."""
    found = _SHAPE.fullmatch(token or "")
    if found is None:
        return None
    owner, expires, device, signature = found.groups()
    if not hmac.compare_digest(signature, _signature(f"{owner}.{expires}.{device}")):
        return None
    if int(owner) != user_id or int(expires) <= clock.now().timestamp():
        return None
    return device


def device_token_from_cookie_header(cookie_header: str | None) -> str | None:
    if not cookie_header:
        return None
    value = cookie_parser(cookie_header).get(device_cookie_name(), "")
    return value if 0 < len(value) <= 200 else None


def set_device_cookie_header(token: str) -> str:
    parts = [f"{device_cookie_name()}={token}", "Path=/", f"Max-Age={int(LIFETIME.total_seconds())}"]
    parts += ["HttpOnly", "SameSite=Strict"]
    if _https():
        parts.append("Secure")
    return "; ".join(parts)
