"""Removing guest carts nobody has touched since their cookie expired (a periodic job)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, delete, select

from store_app.cart.guest_cookie import MAX_AGE_SECONDS
from store_app.cart.models import Cart
from store_app.cart.service import last_change
from store_app.core import clock
from store_app.core.db import session_scope

GUEST_CART_LIFETIME = dt.timedelta(seconds=MAX_AGE_SECONDS)


def purge_stale_guest_carts(*, session: Session, older_than: dt.timedelta = GUEST_CART_LIFETIME) -> int:
    """Delete guest carts (their lines go with them) unchanged for `older_than`; returns how many."""
    stale = select(col(Cart.id)).where(col(Cart.user_id).is_(None), last_change() < clock.now() - older_than)
    result = session.execute(delete(Cart).where(col(Cart.id).in_(stale)))
    return result.rowcount or 0  # type: ignore[attr-defined]


def purge_stale_guest_carts_job() -> None:
    with session_scope() as session:
        purge_stale_guest_carts(session=session)
