"""Small input helpers the account states share: the shopper's IP and text fields of a submitted form."""

from __future__ import annotations

from typing import Any

import reflex as rx

from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.sessions.state import current_context
from store_app.core.client_ip import client_ip
from store_app.core.errors import NotAuthenticated


def shopper_ip(state: rx.State) -> str:
    """The shopper's address: X-Forwarded-For is believed only from a proxy in TRUSTED_PROXIES."""
    router = state.router
    return client_ip(peer=router.session.client_ip, forwarded_for=router.headers.raw_headers.get("x-forwarded-for"))


def form_text(form_data: dict[str, Any], name: str, *, limit: int = 4096) -> str:
    """A text field of a submitted form ("" when missing or not text), cut to `limit` characters."""
    value = form_data.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


async def optional_context(state: rx.State) -> AuthContext | None:
    """The tab's checked login session, or None for a guest (the caller sends them to log in)."""
    try:
        return await current_context(state)
    except NotAuthenticated:
        return None
