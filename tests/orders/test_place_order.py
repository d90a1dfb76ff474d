"""Checkout turns the cart into an order: stock taken, prices frozen, all or nothing (SPEC C4)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from store_app.audit.models import HistoryEvent
from store_app.cart.service import CartOwner, add_to_cart, get_cart
from store_app.catalog.models import Product
from store_app.core import clock
from store_app.core.errors import DomainError, NotFound, ValidationFailed
from store_app.core.i18n import t
from store_app.orders.contact import OrderContact, validate_contact
from store_app.orders.models import CASH_ON_DELIVERY, Order, OrderLine, OrderStatus
from store_app.orders.service import get_order, list_orders, place_order
from tests.utils.factories import make_product, make_user

CONTACT = OrderContact(name="Анна Смирнова", phone="+79161234567", address="Москва, ул. Тверская, д. 1")


def _stock(session: Session, product_id: int) -> int:
    return session.exec(select(Product.stock).where(Product.id == product_id)).one()


def test_order_takes_stock_freezes_prices_and_empties_the_cart(session: Session) -> None:
    user = make_user(session)
    owner = CartOwner(user_id=user.id)
    tv = make_product(session, name="Телевизор", price="59990.00", discount="54990.00", stock=5)
    remote = make_product(session, name="Пульт", price="990.00", stock=10)
    add_to_cart(session=session, owner=owner, product_id=tv.id, quantity=2)
    add_to_cart(session=session, owner=owner, product_id=remote.id, quantity=1)

    order = place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()

    assert re.fullmatch(r"\d{6}-\d{6}", order.number)
    assert (order.status, order.payment_method) == (OrderStatus.NEW.value, CASH_ON_DELIVERY)
    assert (order.items_count, order.subtotal, order.savings, order.total) == (
        3,
        Decimal("120970.00"),
        Decimal("10000.00"),
        Decimal("110970.00"),
    )
    assert (_stock(session, tv.id), _stock(session, remote.id)) == (3, 9)
    assert get_cart(session=session, owner=owner).lines == []

    tv = session.get(Product, tv.id)
    tv.price, tv.discount_price = Decimal("79990.00"), None  # a later price change
    session.add(tv)
    session.commit()
    [view] = list_orders(session=session, user_id=user.id)
    assert [
        (line.product_name, line.unit_price, line.regular_price, line.quantity, line.line_total) for line in view.lines
    ] == [
        ("Телевизор", Decimal("54990.00"), Decimal("59990.00"), 2, Decimal("109980.00")),
        ("Пульт", Decimal("990.00"), Decimal("990.00"), 1, Decimal("990.00")),
    ]
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "order placed")).one()
    assert (event.actor_id, event.target) == (user.id, f"order:{order.number}")


def test_the_order_number_carries_the_shops_day(session: Session) -> None:
    # 22:30 UTC is 01:30 of the next day in Moscow (TIME_ZONE's default), the day the order page shows.
    now = clock.now()
    late_evening = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(22, 30), tzinfo=dt.UTC)
    clock.advance(late_evening - now)
    user = make_user(session)
    product = make_product(session, stock=3)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=1)
    order = place_order(session=session, user_id=user.id, contact=CONTACT)
    assert order.number.startswith(f"{late_evening.date() + dt.timedelta(days=1):%y%m%d}-")


def test_a_shortage_fails_the_whole_order_and_writes_nothing(session: Session) -> None:
    user = make_user(session)
    owner = CartOwner(user_id=user.id)
    first = make_product(session, name="Мышь", stock=5)
    short = make_product(session, name="Клавиатура", stock=5)
    add_to_cart(session=session, owner=owner, product_id=first.id, quantity=2)
    add_to_cart(session=session, owner=owner, product_id=short.id, quantity=3)
    session.commit()
    session.execute(text("UPDATE product SET stock = 2 WHERE id = :id"), {"id": short.id})  # someone bought some
    session.commit()

    with pytest.raises(DomainError) as error:
        place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()

    assert error.value.message == t("orders.error.only_left", name="Клавиатура", stock=2)
    assert session.exec(select(Order)).all() == []
    assert (_stock(session, first.id), _stock(session, short.id)) == (5, 2)
    assert [line.quantity for line in get_cart(session=session, owner=owner).lines] == [2, 2]  # capped, not lost
    assert session.exec(select(HistoryEvent).where(HistoryEvent.kind == "order placed")).all() == []


@pytest.mark.parametrize(
    ("change", "message_key"),
    [("stock = 0", "orders.error.sold_out"), ("is_active = false", "orders.error.unavailable")],
)
def test_sold_out_or_withdrawn_product_stops_the_order(session: Session, change: str, message_key: str) -> None:
    user = make_user(session)
    product = make_product(session, name="Колонка", stock=1)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
    session.commit()
    session.execute(text(f"UPDATE product SET {change} WHERE id = :id"), {"id": product.id})  # noqa: S608
    session.commit()
    with pytest.raises(DomainError) as error:
        place_order(session=session, user_id=user.id, contact=CONTACT)
    assert error.value.message == t(message_key, name="Колонка")


def test_an_empty_cart_cannot_be_ordered(session: Session) -> None:
    user = make_user(session)
    with pytest.raises(DomainError) as error:
        place_order(session=session, user_id=user.id, contact=CONTACT)
    assert error.value.message == t("orders.error.cart_empty")


def test_contact_errors_are_all_reported_under_their_fields() -> None:
    with pytest.raises(ValidationFailed) as error:
        validate_contact(name=" ", phone="12", address="")
    assert error.value.errors == {
        "name": [t("orders.error.name_required")],
        "phone": [t("orders.error.phone_invalid")],
        "address": [t("orders.error.address_required")],
    }


def test_contact_phone_is_stored_normalised() -> None:
    contact = validate_contact(name=" Анна ", phone="8 (916) 123-45-67", address=" Москва,\n ул. Тверская ")
    assert contact == OrderContact(name="Анна", phone="+79161234567", address="Москва, ул. Тверская")


def test_shoppers_see_only_their_own_orders(session: Session) -> None:
    alice, bob = make_user(session), make_user(session)
    product = make_product(session, stock=10)
    orders = {}
    for user in (alice, bob):
        add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
        orders[user.id] = place_order(session=session, user_id=user.id, contact=CONTACT)
        session.commit()
    assert [view.order.id for view in list_orders(session=session, user_id=alice.id)] == [orders[alice.id].id]
    with pytest.raises(NotFound):
        get_order(session=session, user_id=alice.id, order_id=orders[bob.id].id)


def test_orders_are_listed_newest_first(session: Session) -> None:
    user = make_user(session)
    product = make_product(session, stock=10)
    numbers = []
    for _ in range(3):
        add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
        numbers.append(place_order(session=session, user_id=user.id, contact=CONTACT).number)
        session.commit()
    assert [view.order.number for view in list_orders(session=session, user_id=user.id)] == numbers[::-1]


def test_deleting_the_account_keeps_its_orders_without_the_user(session: Session) -> None:
    user = make_user(session)
    product = make_product(session, name="Планшет")
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id)
    order = place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()
    session.execute(text("DELETE FROM user_account WHERE id = :id"), {"id": user.id})
    session.execute(text("DELETE FROM product WHERE id = :id"), {"id": product.id})
    session.commit()
    session.expire_all()
    kept = session.get(Order, order.id)
    assert kept is not None and kept.user_id is None
    [line] = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
    assert (line.product_id, line.product_name) == (None, "Планшет")


def test_the_history_names_the_buyer_by_login_and_ip(session: Session) -> None:
    user = make_user(session)
    product = make_product(session, name="Чехол", price="490.00", stock=3)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=1)
    order = place_order(session=session, user_id=user.id, contact=CONTACT, ip="203.0.113.7")
    session.commit()
    event = session.exec(select(HistoryEvent).where(HistoryEvent.target == f"order:{order.number}")).one()
    assert (event.kind, event.actor_label, event.ip) == ("order placed", user.login, "203.0.113.7")
