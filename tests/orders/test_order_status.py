"""Order statuses move forward only; cancelling returns the stock (SPEC C4, E1)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store_app.accounts.models import User
from store_app.audit.actor import Actor
from store_app.audit.models import HistoryEvent
from store_app.cart.service import CartOwner, add_to_cart
from store_app.catalog.models import Product
from store_app.core.errors import Conflict, NotFound
from store_app.orders.contact import OrderContact
from store_app.orders.models import Order
from store_app.orders.service import place_order
from store_app.orders.status import cancel_order, change_order_status
from tests.utils.factories import make_product, make_user

STAFF = Actor(user_id=99, label="boss", ip="203.0.113.9")

CONTACT = OrderContact(name="Анна", phone="+79161234567", address="Москва")


def _order(session: Session, *, stock: int = 5, quantity: int = 2) -> tuple[Order, int]:
    user = make_user(session)
    product = make_product(session, stock=stock)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=quantity)
    order = place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()
    return order, product.id


def _stock(session: Session, product_id: int) -> int:
    session.expire_all()
    return session.get(Product, product_id).stock


def test_order_moves_through_confirmed_shipped_delivered_with_history(session: Session) -> None:
    order, _ = _order(session)
    for status in ("confirmed", "shipped", "delivered"):
        assert change_order_status(session=session, order_id=order.id, status=status, actor=STAFF).status == status
    session.commit()
    events = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "order status changed")).all()
    assert {(e.actor_id, e.actor_label, e.ip) for e in events} == {(99, "boss", "203.0.113.9")}
    assert [(event.details["from"], event.details["to"]) for event in events] == [
        ("new", "confirmed"),
        ("confirmed", "shipped"),
        ("shipped", "delivered"),
    ]


@pytest.mark.parametrize(
    ("path", "refused"),
    [([], "shipped"), ([], "delivered"), (["confirmed", "shipped"], "cancelled"), (["cancelled"], "new"), ([], "lost")],
)
def test_invalid_moves_are_refused(session: Session, path: list[str], refused: str) -> None:
    order, _ = _order(session)
    for status in path:
        change_order_status(session=session, order_id=order.id, status=status)
    with pytest.raises(Conflict):
        change_order_status(session=session, order_id=order.id, status=refused)


@pytest.mark.parametrize("path", [[], ["confirmed"]])
def test_shopper_cancels_a_new_or_confirmed_order_and_stock_comes_back(session: Session, path: list[str]) -> None:
    order, product_id = _order(session, stock=5, quantity=2)
    for status in path:
        change_order_status(session=session, order_id=order.id, status=status)
    assert _stock(session, product_id) == 3
    cancelled = cancel_order(session=session, user_id=order.user_id, order_id=order.id)
    session.commit()
    assert cancelled.status == "cancelled"
    assert _stock(session, product_id) == 5
    assert (
        session.exec(select(HistoryEvent).where(HistoryEvent.kind == "order cancelled")).one().actor_id == order.user_id
    )


def test_cancelling_twice_returns_the_stock_once(session: Session) -> None:
    order, product_id = _order(session, stock=5, quantity=2)
    cancel_order(session=session, user_id=order.user_id, order_id=order.id)
    with pytest.raises(Conflict):
        cancel_order(session=session, user_id=order.user_id, order_id=order.id)
    assert _stock(session, product_id) == 5


def test_shipped_order_cannot_be_cancelled_by_the_shopper(session: Session) -> None:
    order, product_id = _order(session)
    change_order_status(session=session, order_id=order.id, status="confirmed")
    change_order_status(session=session, order_id=order.id, status="shipped")
    with pytest.raises(Conflict):
        cancel_order(session=session, user_id=order.user_id, order_id=order.id)
    assert _stock(session, product_id) == 3


def test_a_shopper_cannot_cancel_someone_elses_order(session: Session) -> None:
    order, product_id = _order(session)
    stranger = make_user(session)
    with pytest.raises(NotFound):
        cancel_order(session=session, user_id=stranger.id, order_id=order.id)
    session.expire_all()
    assert session.get(Order, order.id).status == "new"
    assert _stock(session, product_id) == 3


def test_cancel_of_an_order_whose_product_was_deleted_still_works(session: Session) -> None:
    order, product_id = _order(session)
    session.delete(session.get(Product, product_id))
    session.commit()
    assert cancel_order(session=session, user_id=order.user_id, order_id=order.id).status == "cancelled"


def test_a_cancel_is_recorded_with_the_shoppers_login_and_ip(session: Session) -> None:
    order, _ = _order(session)
    cancel_order(session=session, user_id=order.user_id, order_id=order.id, ip="198.51.100.4")
    session.commit()
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "order cancelled")).one()
    login = session.exec(select(User.login).where(User.id == order.user_id)).one()
    assert (event.actor_label, event.ip) == (login, "198.51.100.4")
