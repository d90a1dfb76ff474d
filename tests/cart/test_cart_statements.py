"""A cart click costs a couple of statements: the cart and its lines read once, the line changed by one
statement, no write to the cart row (counted on the real database with `before_cursor_execute`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import Session

from store_app.cart.cleanup import GUEST_CART_LIFETIME, purge_stale_guest_carts
from store_app.cart.service import (
    CartOwner,
    add_to_cart,
    count_items,
    get_cart,
    list_carts,
    new_guest_key,
    remove_from_cart,
    set_quantity,
)
from store_app.core import clock
from tests.utils.factories import make_product, make_user


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    session.expunge_all()  # as in a request's own session: nothing cached from before
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _one_line_cart(session: Session, owner: CartOwner) -> int:
    product = make_product(session, stock=5)
    add_to_cart(session=session, owner=owner, product_id=product.id or 0)
    session.commit()
    return product.id or 0


def test_set_quantity_on_a_one_line_cart_reads_once_and_writes_the_line_only(session: Session) -> None:
    for owner in (CartOwner(guest_key=new_guest_key()), CartOwner(user_id=make_user(session).id)):
        product_id = _one_line_cart(session, owner)
        with statements(session) as seen:
            view = set_quantity(session=session, owner=owner, product_id=product_id, quantity=3)
        assert [line.quantity for line in view.lines] == [3] and view.totals.items_count == 3
        assert len(seen) == 2, seen
        assert seen[0].startswith("SELECT") and seen[1].startswith("UPDATE cart_line SET quantity")
        session.commit()


def test_add_remove_and_the_badge_each_read_the_cart_once(session: Session) -> None:
    owner = CartOwner(guest_key=new_guest_key())
    product_id = _one_line_cart(session, owner)
    other = make_product(session, stock=5)
    with statements(session) as seen:
        add_to_cart(session=session, owner=owner, product_id=product_id)
    assert [statement.split()[0] for statement in seen] == ["SELECT", "UPDATE"], seen
    with statements(session) as seen:
        add_to_cart(session=session, owner=owner, product_id=other.id or 0)  # a product not in the cart yet
    assert [statement.split()[0] for statement in seen] == ["SELECT", "SELECT", "INSERT"], seen
    with statements(session) as seen:
        remove_from_cart(session=session, owner=owner, product_id=other.id or 0)
    assert sorted(statement.split()[0] for statement in seen) == ["DELETE", "SELECT", "UPDATE"], seen
    with statements(session) as seen:
        assert count_items(session=session, owner=owner) == 2
        assert get_cart(session=session, owner=owner).totals.items_count == 2
    assert len(seen) == 2, seen


def test_a_quantity_change_keeps_a_guest_cart_from_the_purge_and_first_in_staffs_list(session: Session) -> None:
    old, recent = CartOwner(guest_key=new_guest_key()), CartOwner(guest_key=new_guest_key())
    old_product, recent_product = _one_line_cart(session, old), _one_line_cart(session, recent)
    clock.advance(GUEST_CART_LIFETIME + dt.timedelta(hours=1))
    set_quantity(session=session, owner=old, product_id=old_product, quantity=2)  # dates the line, not the cart
    session.commit()
    _total, carts = list_carts(session=session, offset=0, limit=1)
    assert carts[0].guest_key == old.guest_key

    assert purge_stale_guest_carts(session=session) == 1
    session.commit()
    assert get_cart(session=session, owner=old).totals.items_count == 2
    assert get_cart(session=session, owner=recent).lines == []
    assert recent_product
