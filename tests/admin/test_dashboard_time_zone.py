"""The dashboard's days and months are the shop's (TIME_ZONE), as every other date it shows: an order at
00:30 in Vladivostok or Los Angeles is on the new day there, whichever day it is in UTC, on SQLite
(which has no zone data) and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.admin.dashboard_service import daily_figures, headline_figures
from store_app.cart.service import CartOwner, add_to_cart
from store_app.core import clock
from store_app.core.settings import get_settings
from store_app.orders.contact import OrderContact
from store_app.orders.service import place_order
from tests.cart.test_cart_statements import statements
from tests.utils.factories import make_product, make_user

CONTACT = OrderContact(name="Анна", phone="+79161234567", address="Москва")


@pytest.fixture
def engine(engine_on_each_database: Engine) -> Engine:
    return engine_on_each_database


def _shop_in(zone: str, monkeypatch: pytest.MonkeyPatch) -> zoneinfo.ZoneInfo:
    monkeypatch.setenv("TIME_ZONE", zone)
    get_settings.cache_clear()
    return zoneinfo.ZoneInfo(zone)


def _set_clock(local: dt.datetime) -> None:
    clock.advance(local.astimezone(dt.UTC) - clock.now())


def _buy_at(session: Session, local: dt.datetime, price: str) -> None:
    _set_clock(local)
    user = make_user(session)
    product = make_product(session, price=price, stock=5)
    add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=1)
    place_order(session=session, user_id=user.id, contact=CONTACT)
    session.commit()


def _next_month_first(zone: zoneinfo.ZoneInfo) -> dt.date:
    today = clock.now().astimezone(zone).date()
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@pytest.mark.parametrize("zone", ["Asia/Vladivostok", "America/Los_Angeles"])
def test_an_order_half_an_hour_after_the_shops_midnight_is_on_the_new_day_and_month(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    # Vladivostok's midnight is 14:00 UTC of the day before, Los Angeles' 08:00 UTC (07:00 in summer) of
    # the same day: both orders fall on one UTC day, and on two days (and months) of the shop.
    shop = _shop_in(zone, monkeypatch)
    first = _next_month_first(shop)
    with Session(engine, expire_on_commit=False) as session:
        _buy_at(session, dt.datetime.combine(first, dt.time(0, 30), shop) - dt.timedelta(hours=1), "100.00")
        _buy_at(session, dt.datetime.combine(first, dt.time(0, 30), shop), "7.50")
        _set_clock(dt.datetime.combine(first, dt.time(0, 45), shop))

        with statements(session) as seen:
            rows = daily_figures(session=session)
        headline = headline_figures(session=session)

    assert [row.day for row in rows[-2:]] == [first - dt.timedelta(days=1), first]
    assert [(row.registrations, row.orders, row.revenue) for row in rows[-2:]] == [
        (1, 1, Decimal("100.00")),
        (1, 1, Decimal("7.50")),
    ]
    assert (headline.orders_today, headline.revenue_today) == (1, Decimal("7.50"))
    assert (headline.orders_month, headline.revenue_month) == (1, Decimal("7.50"))
    assert (headline.new_shoppers_today, headline.new_shoppers_month) == (1, 1)
    assert len(seen) == 1


def test_days_before_the_clocks_change_keep_their_own_midnights(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Los Angeles leaves summer time on 1 November 2026: its 31 October starts at 07:00 UTC, its 2 November
    # at 08:00. A fixed offset (today's) would put 00:30 on 31 October on 30 October.
    shop = _shop_in("America/Los_Angeles", monkeypatch)
    with Session(engine, expire_on_commit=False) as session:
        _buy_at(session, dt.datetime(2026, 10, 31, 0, 30, tzinfo=shop), "10.00")
        _buy_at(session, dt.datetime(2026, 11, 1, 23, 30, tzinfo=shop), "20.00")  # the 25-hour day's end
        _buy_at(session, dt.datetime(2026, 11, 2, 0, 30, tzinfo=shop), "40.00")
        _set_clock(dt.datetime(2026, 11, 10, 12, 0, tzinfo=shop))

        rows = {row.day: row for row in daily_figures(session=session)}

    assert rows[dt.date(2026, 10, 30)].orders == 0
    assert rows[dt.date(2026, 10, 31)].revenue == Decimal("10.00")
    assert rows[dt.date(2026, 11, 1)].revenue == Decimal("20.00")
    assert rows[dt.date(2026, 11, 2)].revenue == Decimal("40.00")
    assert sum(row.orders for row in rows.values()) == 3
