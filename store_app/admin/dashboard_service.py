"""Dashboard figures (SPEC D4): the headline figures (today, this month), registrations, orders and
revenue per day, and products running low."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from sqlalchemy import case, func, type_coerce
from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.catalog.models import ACTIVE, MONEY, Product
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


@dataclasses.dataclass(frozen=True)
class Headline:
    """The figures at the top of the dashboard; revenue leaves cancelled orders out (UTC days and months)."""

    orders_today: int
    revenue_today: Decimal
    orders_month: int
    revenue_month: Decimal
    average_order: Decimal  # this month's revenue per order that was not cancelled
    new_shoppers_today: int
    new_shoppers_month: int


def _money(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def headline_figures(*, session: Session) -> Headline:
    """Today's and this month's orders, revenue, average order and new shoppers, in one statement."""
    today = clock.now().astimezone(dt.UTC).date()
    day_start, month_start = _start_of(today), _start_of(today.replace(day=1))
    created, kept = col(Order.created_at), col(Order.status) != OrderStatus.CANCELLED.value

    def counted(condition):  # type: ignore[no-untyped-def]
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def revenue(condition):  # type: ignore[no-untyped-def]
        return type_coerce(func.coalesce(func.sum(case((condition, col(Order.total)), else_=0)), 0), MONEY)

    def shoppers(since: dt.datetime):  # type: ignore[no-untyped-def]
        return (
            select(func.count())
            .select_from(User)
            .where(col(User.created_at) >= since, col(User.is_staff).is_(False))
            .scalar_subquery()
        )

    row = session.exec(
        select(
            counted(created >= day_start),
            revenue((created >= day_start) & kept),
            func.count(),
            revenue(kept),
            counted(kept),
            shoppers(day_start),
            shoppers(month_start),
        ).where(created >= month_start)
    ).one()
    orders_today, revenue_today, orders_month, revenue_month, kept_month, new_today, new_month = row
    month = _money(revenue_month)
    average = (month / kept_month).quantize(Decimal("0.01")) if kept_month else Decimal("0.00")
    return Headline(
        orders_today=int(orders_today),
        revenue_today=_money(revenue_today),
        orders_month=int(orders_month),
        revenue_month=month,
        average_order=average,
        new_shoppers_today=int(new_today),
        new_shoppers_month=int(new_month),
    )


def low_stock_products(*, session: Session, threshold: int = LOW_STOCK) -> list[Product]:
    """Products on sale with `threshold` or fewer left, the scarcest first."""
    query = (
        select(Product)
        .where(ACTIVE, col(Product.stock) <= threshold)
        .order_by(col(Product.stock), col(Product.name))
        .limit(LOW_STOCK_ROWS)
    )
    return list(session.exec(query))
