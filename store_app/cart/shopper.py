"""Whose cart a Reflex event may touch, decided on the server only.

A logged-in shopper is known from the login session (SessionState, checked on every call); a
guest from the HttpOnly guest cookie in the websocket handshake (its digest, see
sessions/connection.py). Nothing the browser sends in an
event is trusted for this.
"""

from __future__ import annotations

import reflex as rx

from store_app.accounts.sessions.connection import connection_proof
from store_app.accounts.sessions.state import optional_user_id
from store_app.cart.service import CartOwner


def guest_owner(state: rx.State) -> CartOwner | None:
    """The guest cart of this browser (None before the first page has set the cookie).

    The key comes from the connection's handshake proof: the cookie itself is kept nowhere.
    """
    key = connection_proof(state.router.session.session_id).guest_key
    return CartOwner(guest_key=key) if key else None


async def cart_owner(state: rx.State) -> CartOwner | None:
    """The user's cart when logged in, else this browser's guest cart."""
    user_id = await optional_user_id(state)
    return CartOwner(user_id=user_id) if user_id is not None else guest_owner(state)
