"""Placing an order queues the confirmation mail, and each later status a note to the buyer, in the
same transaction (SPEC C4, G1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, col, select

from store_app.audit.actor import Actor
from store_app.cart.service import CartOwner, add_to_cart
from store_app.core.errors import DomainError
from store_app.core.money import format_money
from store_app.mail.models import MailMessage
from store_app.orders.contact import OrderContact
from store_app.orders.models import Order
from store_app.orders.service import place_order
from store_app.orders.status import cancel_order, change_order_status
from tests.utils.factories import make_product, make_user

STAFF = Actor(user_id=1, label="boss")

CONTACT = OrderContact(name="Анна Смирнова", phone="+79161234567", address="Москва, ул. Тверская, д. 7")


def test_order_confirmation_is_queued_to_the_shopper_with_the_order(session: Session) -> None:
    user = make_user(session, first_name="Анна")
    product = make_product(session, name="Смартфон Nova 12", price="39990.00", discount="35990.00")
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=2)
    order = place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()

    mail = session.exec(select(MailMessage).where(MailMessage.template == "order_confirmation")).one()
    assert mail.recipient == user.email
    assert order.number in mail.subject
    assert "Анна" in mail.text_body
    assert "Смартфон Nova 12" in mail.text_body
    assert format_money(Decimal("35990.00")) in mail.text_body
    assert format_money(Decimal("71980.00")) in mail.text_body
    assert "Москва, ул. Тверская, д. 7" in mail.text_body


def test_a_failed_order_queues_no_mail(session: Session) -> None:
    user = make_user(session)
    product = make_product(session, stock=1)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
    product.stock = 0
    session.add(product)
    session.commit()
    with pytest.raises(DomainError):
        place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()
    assert session.exec(select(MailMessage)).all() == []


def _placed(session: Session) -> tuple[int, str]:
    user = make_user(session, first_name="Анна")
    product = make_product(session, stock=5)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
    order = place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()
    return order.id or 0, user.email


def _status_mails(session: Session) -> list[MailMessage]:
    query = select(MailMessage).where(MailMessage.template == "order_status").order_by(col(MailMessage.id))
    return list(session.exec(query))


def test_each_later_status_mails_the_buyer_in_the_transaction_of_the_move(session: Session) -> None:
    order_id, email = _placed(session)
    for status, words in (("confirmed", "подтвердили"), ("shipped", "передан в доставку"), ("delivered", "доставлен")):
        change_order_status(session=session, order_id=order_id, status=status, actor=STAFF)
        session.commit()
        mail = _status_mails(session)[-1]
        assert mail.recipient == email and words in mail.text_body and "Анна" in mail.text_body
    assert len(_status_mails(session)) == 3

    other_id, _ = _placed(session)
    change_order_status(session=session, order_id=other_id, status="confirmed", actor=STAFF)
    session.rollback()  # the move did not happen: neither did its mail
    assert len(_status_mails(session)) == 3
    cancel_order(session=session, user_id=session.get(Order, other_id).user_id, order_id=other_id)
    session.commit()
    assert "отменён" in _status_mails(session)[-1].subject


def test_a_refused_move_mails_nobody(session: Session) -> None:
    order_id, _ = _placed(session)
    with pytest.raises(DomainError):
        change_order_status(session=session, order_id=order_id, status="delivered", actor=STAFF)
    session.commit()
    assert _status_mails(session) == []
