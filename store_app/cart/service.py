"""Cart rules: creating carts, adding and changing lines, totals (SPEC C1-C3)."""

from __future__ import annotations

from sqlmodel import Session

from store_app.cart.models import Cart


def create_user_cart(*, session: Session, user_id: int) -> Cart:
    """The cart every account gets when it is created (in the caller's transaction)."""
    cart = Cart(user_id=user_id)
    session.add(cart)
    session.flush()
    return cart
