"""/admin: the headline figures (today, this month), charts of registrations, orders and revenue per day,
and the low-stock list (SPEC D4)."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.guards import staff_event
from store_app.admin.dashboard_service import (
    DASHBOARD_DAYS,
    LOW_STOCK,
    daily_figures,
    headline_figures,
    low_stock_products,
)
from store_app.admin.shell import admin_page
from store_app.core.dates import format_day
from store_app.core.i18n import N_, t
from store_app.core.money import format_money
from store_app.ui.bridge import call
from store_app.ui.routes import ADMIN_PRODUCTS_ROUTE


@dataclasses.dataclass
class LowStockRow:
    id: int
    name: str
    stock: int
    edit_url: str


@dataclasses.dataclass
class HeadlineCard:
    """One figure at the top: what it is, the value as text, and its element id."""

    label: str
    value: str
    element_id: str


def _headline(session: Session) -> list[HeadlineCard]:
    figures = headline_figures(session=session)
    shown = [
        ("orders_today", N_("admin.dashboard.orders_today"), str(figures.orders_today)),
        ("revenue_today", N_("admin.dashboard.revenue_today"), format_money(figures.revenue_today)),
        ("orders_month", N_("admin.dashboard.orders_month"), str(figures.orders_month)),
        ("revenue_month", N_("admin.dashboard.revenue_month"), format_money(figures.revenue_month)),
        ("average_order", N_("admin.dashboard.average_order"), format_money(figures.average_order)),
        (
            "new_shoppers",
            N_("admin.dashboard.new_shoppers"),
            f"{figures.new_shoppers_today} / {figures.new_shoppers_month}",
        ),
    ]
    return [
        HeadlineCard(label=t(label_key), value=value, element_id=f"headline-{key.replace('_', '-')}")
        for key, label_key, value in shown
    ]


def _load(*, session: Session) -> tuple[list[HeadlineCard], list[dict[str, Any]], list[LowStockRow]]:
    headline = _headline(session)
    days = [
        # The chart needs plain numbers; the exact Decimal stays in the service.
        {
            "day": format_day(row.day, short=True),
            "registrations": row.registrations,
            "orders": row.orders,
            "revenue": float(row.revenue),
        }
        for row in daily_figures(session=session)
    ]
    low = [
        LowStockRow(id=p.id or 0, name=p.name, stock=p.stock, edit_url=f"{ADMIN_PRODUCTS_ROUTE}?edit={p.id}")
        for p in low_stock_products(session=session)
    ]
    return headline, days, low


class DashboardState(rx.State):
    headline: rx.Field[list[HeadlineCard]] = rx.field(default_factory=list)
    days: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    low_stock: rx.Field[list[LowStockRow]] = rx.field(default_factory=list)
    loaded: bool = False

    @staff_event
    async def load(self) -> None:
        self.headline, self.days, self.low_stock = await call(_load)
        self.loaded = True


def _headline_cards() -> rx.Component:
    return rx.grid(
        rx.foreach(
            DashboardState.headline,
            lambda card: rx.card(
                rx.text(card.label, size="2", color_scheme="gray"),
                rx.text(card.value, size="6", weight="bold", id=card.element_id),
            ),
        ),
        columns=rx.breakpoints(initial="2", md="3", lg="6"),
        spacing="3",
        width="100%",
        id="admin-headline",
    )


def _chart(key: str, title: str, color: str, element_id: str) -> rx.Component:
    return rx.card(
        rx.text(title, weight="medium"),
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key=key, fill=rx.color(color, 9)),
            rx.recharts.x_axis(data_key="day"),
            rx.recharts.y_axis(allow_decimals=key == "revenue"),
            rx.recharts.graphing_tooltip(),
            data=DashboardState.days,
            width="100%",
            height=220,
        ),
        id=element_id,
        width="100%",
    )


def _low_stock() -> rx.Component:
    return rx.card(
        rx.text(t("admin.dashboard.low_stock", limit=LOW_STOCK), weight="medium"),
        rx.cond(
            DashboardState.low_stock,
            rx.vstack(
                rx.foreach(
                    DashboardState.low_stock,
                    lambda row: rx.hstack(
                        rx.link(row.name, href=row.edit_url, id=f"low-stock-{row.id}"),
                        rx.spacer(),
                        rx.badge(row.stock, color_scheme="orange", high_contrast=True),
                        width="100%",
                    ),
                ),
                width="100%",
            ),
            rx.text(t("admin.dashboard.no_low_stock"), color_scheme="gray"),
        ),
        id="admin-low-stock",
        width="100%",
    )


def dashboard_page() -> rx.Component:
    return admin_page(
        t("admin.dashboard.title"),
        _headline_cards(),
        rx.text(t("admin.dashboard.period", days=DASHBOARD_DAYS), color_scheme="gray"),
        rx.grid(
            _chart("registrations", t("admin.dashboard.registrations"), "blue", "chart-registrations"),
            _chart("orders", t("admin.dashboard.orders"), "green", "chart-orders"),
            _chart("revenue", t("admin.dashboard.revenue"), "amber", "chart-revenue"),
            _low_stock(),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="4",
            width="100%",
        ),
        page_id="admin-dashboard",
        loaded=DashboardState.loaded,
    )
