"""Dashboard figures (SPEC D4): the headline figures (today, this month), registrations, orders and
revenue per day, and products running low."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, literal, type_coerce, union_all
from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.catalog.models import ACTIVE, MONEY, Product
from store_app.core.dates import shop_midnight, shop_today
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


def _day_number(moment: Any, starts: list[dt.datetime]) -> Any:
    """Which of the days a stored moment falls on (0 the first): the last shop midnight it is past. The
    midnights come from Python's zone data, so SQLite (which has none) counts the same days as PostgreSQL,
    and a day where the clocks change has its 23 or 25 hours."""
    latest_first = reversed(list(enumerate(starts)))
    return case(*((moment >= start, number) for number, start in latest_first), else_=None)


def daily_figures(*, session: Session, days: int = DASHBOARD_DAYS) -> list[DayFigures]:
    """One row per day of the shop's clock (TIME_ZONE), oldest first, ending today; days without activity are
    zeros. One statement: registrations and orders side by side, counted per day by the database."""
    first = shop_today() - dt.timedelta(days=days - 1)
    calendar = [first + dt.timedelta(days=offset) for offset in range(days)]
    starts = [shop_midnight(day) for day in calendar]
    since, until = starts[0], shop_midnight(calendar[-1] + dt.timedelta(days=1))
    nothing = type_coerce(literal(0), MONEY)
    moments = union_all(
        select(
            col(User.created_at).label("at"),
            literal(1).label("registered"),
            literal(0).label("ordered"),
            nothing.label("revenue"),
        ).where(col(User.created_at) >= since, col(User.created_at) < until),
        select(
            col(Order.created_at).label("at"),
            literal(0),
            literal(1),
            case((col(Order.status) != OrderStatus.CANCELLED.value, col(Order.total)), else_=nothing),
        ).where(col(Order.created_at) >= since, col(Order.created_at) < until),
    ).subquery()
    numbered = select(
        _day_number(moments.c.at, starts).label("day"), moments.c.registered, moments.c.ordered, moments.c.revenue
    ).subquery()
    per_day = select(
        numbered.c.day,
        func.sum(numbered.c.registered),
        func.sum(numbered.c.ordered),
        type_coerce(func.sum(numbered.c.revenue), MONEY),
    ).group_by(numbered.c.day)
    counted = {number: figures for number, *figures in session.exec(per_day)}
    rows = []
    for number, day in enumerate(calendar):
        registered, ordered, revenue = counted.get(number, (0, 0, 0))
        rows.append(DayFigures(day=day, registrations=int(registered), orders=int(ordered), revenue=_money(revenue)))
    return rows


@dataclasses.dataclass(frozen=True)
class Headline:
    """The figures at the top of the dashboard; revenue leaves cancelled orders out (days and months of the
    shop's clock, TIME_ZONE)."""

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
    today = shop_today()
    day_start, month_start = shop_midnight(today), shop_midnight(today.replace(day=1))
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
