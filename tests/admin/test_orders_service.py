"""Staff find orders by number or buyer, and open one with its lines, contact and status history (issue 16)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store_app.admin.orders_service import list_all_orders, order_detail
from store_app.audit.actor import Actor
from store_app.cart.service import CartOwner, add_to_cart
from store_app.core.errors import NotFound
from store_app.orders.contact import OrderContact
from store_app.orders.models import Order
from store_app.orders.service import place_order
from store_app.orders.status import change_order_status
from tests.utils.factories import make_product, make_user

ADMIN = Actor(user_id=1, label="admin")


def _order(session: Session, *, login: str, contact: str) -> Order:
    user = make_user(session, login=login)
    product = make_product(session, name=f"Смартфон для {login}", stock=5)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=2)
    order = place_order(
        session=session,
        user_id=user.id,
        contact=OrderContact(name=contact, phone="+79161234567", address="Москва, д. 7"),
    )
    session.commit()
    return order


def _numbers(session: Session, search: str) -> set[str]:
    return {order.number for order in list_all_orders(session=session, search=search).rows}


def test_orders_are_found_by_number_contact_name_and_the_buyers_email_or_login(session: Session) -> None:
    anna = _order(session, login="annas", contact="Анна Смирнова")
    boris = _order(session, login="boris", contact="Борис Петров")

    assert _numbers(session, anna.number) == {anna.number}
    assert _numbers(session, anna.number.lower()) == {anna.number}
    assert _numbers(session, "анна") == {anna.number}  # Cyrillic typed in lower case
    assert _numbers(session, "Петров") == {boris.number}
    assert _numbers(session, "BORIS@example") == {boris.number}
    assert _numbers(session, "annas") == {anna.number}
    assert _numbers(session, "") == {anna.number, boris.number}
    assert _numbers(session, "100%") == set()  # LIKE wildcards are text here
    assert list_all_orders(session=session, status="confirmed", search="Анна").rows == []


def test_an_order_opens_with_its_lines_contact_and_status_history(session: Session) -> None:
    order = _order(session, login="annas", contact="Анна Смирнова")
    change_order_status(session=session, order_id=order.id, status="confirmed", actor=ADMIN)
    change_order_status(session=session, order_id=order.id, status="shipped", actor=ADMIN)
    session.commit()

    detail = order_detail(session=session, order_id=order.id)
    assert detail.order.contact_name == "Анна Смирнова" and detail.order.delivery_address == "Москва, д. 7"
    assert detail.buyer_email == "annas@example.com"
    assert [(line.product_name, line.quantity) for line in detail.lines] == [("Смартфон для annas", 2)]
    assert [(step.status, step.actor) for step in detail.history] == [
        ("new", "annas"),
        ("confirmed", "admin"),
        ("shipped", "admin"),
    ]
    with pytest.raises(NotFound):
        order_detail(session=session, order_id=order.id + 100)
