"""Staff's view of every cart: pages in order of the last change, and each cart's owner."""

from __future__ import annotations

from sqlmodel import Session

from store_app.cart.service import CartOwner, add_to_cart, list_carts, owner_of
from tests.utils.factories import make_product, make_user


def test_list_carts_pages_by_last_change_and_names_owners(session: Session) -> None:
    first, second = make_user(session), make_user(session)
    product = make_product(session)
    add_to_cart(session=session, owner=CartOwner(guest_key="guest-key-1"), product_id=product.id or 0)
    add_to_cart(session=session, owner=CartOwner(user_id=first.id), product_id=product.id or 0)
    session.commit()
    total, page = list_carts(session=session, offset=0, limit=2)
    assert total == 3 and len(page) == 2
    assert owner_of(page[0]) == CartOwner(user_id=first.id)
    _total, rest = list_carts(session=session, offset=2, limit=2)
    assert [owner_of(cart) for cart in rest] == [CartOwner(user_id=second.id)]
