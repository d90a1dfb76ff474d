"""Guest carts left alone longer than the guest cookie lives are removed; users' carts never are."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from store_app.cart.cleanup import purge_stale_guest_carts
from store_app.cart.models import Cart, CartLine
from store_app.cart.service import CartOwner, add_to_cart, new_guest_key
from store_app.core import clock
from tests.utils.factories import make_product, make_user


def test_stale_guest_carts_go_and_fresh_ones_and_user_carts_stay(session: Session) -> None:
    product = make_product(session)
    user = make_user(session)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
    add_to_cart(session=session, owner=CartOwner(guest_key=new_guest_key()), product_id=product.id)
    session.commit()
    clock.advance(dt.timedelta(days=30, hours=1))  # README: untouched for 30 days
    fresh = CartOwner(guest_key=new_guest_key())
    add_to_cart(session=session, owner=fresh, product_id=product.id)
    session.commit()

    assert purge_stale_guest_carts(session=session) == 1
    session.commit()

    carts = session.exec(select(Cart)).all()
    assert sorted((cart.user_id is not None, cart.guest_key == fresh.guest_key) for cart in carts) == [
        (False, True),
        (True, False),
    ]
    assert len(session.exec(select(CartLine)).all()) == 2
