"""Dashboard figures (SPEC D4): registrations, orders and revenue per day, and products running low."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.catalog.models import ACTIVE, Product
from store_app.core import clock
from store_app.orders.models import Order, OrderStatus

DASHBOARD_DAYS = 30
LOW_STOCK = 5
LOW_STOCK_ROWS = 50


@dataclasses.dataclass(frozen=True)
class DayFigures:
    day: dt.date
    registrations: int
    orders: int
    revenue: Decimal  # orders placed that day and not cancelled


def _first_day(days: int) -> dt.date:
    return clock.now().astimezone(dt.UTC).date() - dt.timedelta(days=days - 1)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _day_of(moment: dt.datetime) -> dt.date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite hands back naive UTC
    return aware.astimezone(dt.UTC).date()


def daily_figures(*, session: Session, days: int = DASHBOARD_DAYS) -> list[DayFigures]:
    """One row per UTC day, oldest first, ending today; days without activity are zeros."""
    first = _first_day(days)
    since = _start_of(first)
    registrations: dict[dt.date, int] = {}
    for created in session.exec(select(User.created_at).where(col(User.created_at) >= since)):
        registrations[_day_of(created)] = registrations.get(_day_of(created), 0) + 1
    orders: dict[dt.date, int] = {}
    revenue: dict[dt.date, Decimal] = {}
    query = select(Order.created_at, Order.total, Order.status).where(col(Order.created_at) >= since)
    for created, total, status in session.exec(query):
        day = _day_of(created)
        orders[day] = orders.get(day, 0) + 1
        if status != OrderStatus.CANCELLED:
            revenue[day] = revenue.get(day, Decimal("0.00")) + total
    return [
        DayFigures(
            day=day,
            registrations=registrations.get(day, 0),
            orders=orders.get(day, 0),
            revenue=revenue.get(day, Decimal("0.00")),
        )
        for day in (first + dt.timedelta(days=offset) for offset in range(days))
    ]


def low_stock_products(*, session: Session, threshold: int = LOW_STOCK) -> list[Product]:
    """Products on sale with `threshold` or fewer left, the scarcest first."""
    query = (
        select(Product)
        .where(ACTIVE, col(Product.stock) <= threshold)
        .order_by(col(Product.stock), col(Product.name))
        .limit(LOW_STOCK_ROWS)
    )
    return list(session.exec(query))
