"""Dashboard figures per day are exact (SPEC D4): counts, revenue as Decimal, cancelled orders left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session

from store_app.admin.dashboard_service import DASHBOARD_DAYS, daily_figures, headline_figures, low_stock_products
from store_app.cart.service import CartOwner, add_to_cart
from store_app.core import clock
from store_app.core.dates import shop_today
from store_app.orders.contact import OrderContact
from store_app.orders.service import place_order
from store_app.orders.status import change_order_status
from tests.cart.test_cart_statements import statements
from tests.utils.factories import make_product, make_user

CONTACT = OrderContact(name="Анна", phone="+79161234567", address="Москва")


def _buy(session: Session, *, price: str, quantity: int = 1) -> int:
    user = make_user(session)
    product = make_product(session, price=price, stock=50)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=quantity)
    order = place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()
    return order.id


def test_daily_figures_count_registrations_orders_and_exact_revenue_per_day(session: Session) -> None:
    _buy(session, price="1000.10", quantity=2)  # day 1: one shopper, revenue 2000.20
    cancelled = _buy(session, price="999.99")  # day 1: second shopper, cancelled below
    change_order_status(session=session, order_id=cancelled, status="cancelled")
    session.commit()
    clock.advance(dt.timedelta(days=1))
    _buy(session, price="0.10")
    _buy(session, price="0.20")  # day 2: two shoppers, 0.30

    rows = daily_figures(session=session)

    assert len(rows) == DASHBOARD_DAYS
    assert rows[-1].day == shop_today()
    yesterday, today = rows[-2], rows[-1]
    assert (yesterday.registrations, yesterday.orders, yesterday.revenue) == (2, 2, Decimal("2000.20"))
    assert (today.registrations, today.orders, today.revenue) == (2, 2, Decimal("0.30"))
    assert all(row.orders == 0 and row.revenue == Decimal("0.00") for row in rows[:-2])


def test_activity_older_than_the_window_is_not_counted(session: Session) -> None:
    _buy(session, price="500.00")
    clock.advance(dt.timedelta(days=DASHBOARD_DAYS))

    rows = daily_figures(session=session)

    assert sum(row.orders for row in rows) == 0
    assert sum(row.registrations for row in rows) == 0


def test_low_stock_lists_active_products_with_five_or_fewer_scarcest_first(session: Session) -> None:
    three = make_product(session, name="Три", stock=3)
    make_product(session, name="Шесть", stock=6)
    five = make_product(session, name="Пять", stock=5)
    make_product(session, name="Снят", stock=0, active=False)
    zero = make_product(session, name="Ноль", stock=0)
    session.commit()

    assert [p.id for p in low_stock_products(session=session)] == [zero.id, three.id, five.id]


def test_headline_figures_count_today_and_this_month_in_one_statement(session: Session) -> None:
    # Move to the 10th of next month at noon, so "earlier this month" and "last month" both exist.
    now = clock.now().astimezone(dt.UTC)
    target = (now.replace(day=1) + dt.timedelta(days=32)).replace(day=10, hour=12, minute=0, second=0)
    clock.advance(target - now - dt.timedelta(days=10))  # the last day of the month before the 10th's month
    _buy(session, price="500.00")  # last month: counted nowhere
    clock.advance(dt.timedelta(days=5))
    _buy(session, price="1000.00", quantity=3)  # earlier this month: 3000.00
    clock.advance(dt.timedelta(days=5))
    _buy(session, price="100.10")  # today
    cancelled = _buy(session, price="999.99")  # today, cancelled: an order, but no revenue
    change_order_status(session=session, order_id=cancelled, status="cancelled")
    session.commit()

    with statements(session) as seen:
        figures = headline_figures(session=session)
    assert len(seen) == 1
    assert (figures.orders_today, figures.revenue_today) == (2, Decimal("100.10"))
    assert (figures.orders_month, figures.revenue_month) == (3, Decimal("3100.10"))
    assert figures.average_order == Decimal("1550.05")  # two orders that were not cancelled
    assert (figures.new_shoppers_today, figures.new_shoppers_month) == (2, 3)
