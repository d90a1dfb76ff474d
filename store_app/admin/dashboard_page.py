"""/admin: charts of registrations, orders and revenue per day, and the low-stock list (SPEC D4)."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from store_app.admin.dashboard_service import DASHBOARD_DAYS, LOW_STOCK, daily_figures, low_stock_products
from store_app.admin.guard import checked_staff
from store_app.admin.routes import PRODUCTS_ROUTE
from store_app.admin.shell import admin_page
from store_app.core.db import session_scope
from store_app.core.i18n import t


@dataclasses.dataclass
class LowStockRow:
    id: int
    name: str
    stock: int
    edit_url: str


def _load() -> tuple[list[dict[str, Any]], list[LowStockRow]]:
    with session_scope() as session:
        days = [
            # The chart needs plain numbers; the exact Decimal stays in the service.
            {
                "day": f"{row.day:%d.%m}",
                "registrations": row.registrations,
                "orders": row.orders,
                "revenue": float(row.revenue),
            }
            for row in daily_figures(session=session)
        ]
        low = [
            LowStockRow(id=p.id or 0, name=p.name, stock=p.stock, edit_url=f"{PRODUCTS_ROUTE}?edit={p.id}")
            for p in low_stock_products(session=session)
        ]
        return days, low


class DashboardState(rx.State):
    days: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    low_stock: rx.Field[list[LowStockRow]] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    async def load(self) -> None:
        if await checked_staff(self) is None:
            return
        self.days, self.low_stock = await asyncio.to_thread(_load)
        self.loaded = True


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
