"""/admin/orders: every order with a status filter, a search by number or buyer, and paging; staff move
an order's status here or open it (SPEC D2)."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.history import user_actor
from store_app.accounts.rules.phones import display_phone
from store_app.accounts.sessions.guards import acting_args, staff_event
from store_app.admin.list_state import PagedListMixin, SearchMixin
from store_app.admin.orders_service import list_all_orders
from store_app.admin.shell import admin_page, admin_table, choice_filter, notice_and_error, pager, search_form
from store_app.core.dates import format_moment
from store_app.core.i18n import N_, t
from store_app.core.money import format_money
from store_app.orders.models import OrderStatus
from store_app.orders.status import change_order_status, status_label
from store_app.ui.bridge import attempt, call
from store_app.ui.routes import ADMIN_ORDER_PREFIX

STATUSES = [status.value for status in OrderStatus]
HEADERS = [
    N_("admin.orders.number"),
    N_("admin.orders.created"),
    N_("admin.orders.customer"),
    N_("admin.orders.total"),
    N_("admin.orders.status"),
    N_("admin.orders.change"),
]


@dataclasses.dataclass
class AdminOrderRow:
    id: int
    number: str
    created: str
    customer: str
    phone: str
    total: str
    status: str
    status_label: str


def _rows(*, session: Session, status: str, search: str, page: int) -> tuple[list[AdminOrderRow], int, int]:
    found = list_all_orders(session=session, status=status, search=search, page=page)
    rows = [
        AdminOrderRow(
            id=order.id or 0,
            number=order.number,
            created=format_moment(order.created_at),
            customer=order.contact_name,
            phone=display_phone(order.phone),
            total=format_money(order.total),
            status=order.status,
            status_label=status_label(order.status),
        )
        for order in found.rows
    ]
    return rows, found.page, found.pages


def change_status(*, session: Session, user_id: int, ip: str, order_id: int, status: str) -> str:
    """Move an order's status as the staff member (the list and the order page both); what to tell them."""
    who = user_actor(session=session, user_id=user_id, ip=ip)
    order = change_order_status(session=session, order_id=order_id, status=status, actor=who)
    return t("admin.orders.changed", number=order.number, status=status_label(order.status))


class AdminOrdersState(SearchMixin, PagedListMixin, rx.State):
    orders: rx.Field[list[AdminOrderRow]] = rx.field(default_factory=list)
    status_filter: str = ""
    notice: str = ""
    error: str = ""

    async def _reload(self) -> None:
        self.orders, self.page, self.pages = await call(
            _rows, status=self.status_filter, search=self.search_text, page=self.page
        )
        self.loaded = True

    @staff_event
    async def load(self) -> None:
        self.notice = self.error = ""
        await self._reload()

    @staff_event
    async def filter_status(self, status: str) -> None:
        self.status_filter = status if status in STATUSES else ""
        self.page = 1
        await self._reload()

    @staff_event
    async def change_status(self, form_data: dict[str, Any]) -> None:
        raw_id = str(form_data.get("order_id", ""))
        if not raw_id.isdigit():
            self.notice, self.error = "", t("orders.error.not_found")
        else:
            outcome = await attempt(
                change_status,
                where="admin order status",
                fields=(),
                **acting_args(),
                order_id=int(raw_id),
                status=str(form_data.get("status", "")),
            )
            self.notice, self.error = outcome.value or "", outcome.message
        await self._reload()


def _status_options() -> list[rx.Component]:
    return [rx.el.option(status_label(status), value=status) for status in STATUSES]


def _row(row: AdminOrderRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row.number, href=ADMIN_ORDER_PREFIX + row.id.to_string(), id=f"order-open-{row.id}")),
        rx.table.cell(row.created),
        rx.table.cell(row.customer, rx.text(row.phone, size="1", color_scheme="gray")),
        rx.table.cell(row.total),
        rx.table.cell(rx.badge(row.status_label), id=f"order-status-{row.id}"),
        rx.table.cell(
            rx.form(
                rx.hstack(
                    rx.el.input(type="hidden", name="order_id", value=row.id),
                    rx.el.select(
                        *_status_options(), name="status", default_value=row.status, id=f"order-target-{row.id}"
                    ),
                    rx.button(t("admin.orders.apply"), type="submit", size="1", id=f"order-apply-{row.id}"),
                    spacing="2",
                ),
                on_submit=AdminOrdersState.change_status,
            )
        ),
        id=f"order-row-{row.id}",
    )


def admin_orders_page() -> rx.Component:
    return admin_page(
        t("admin.orders.title"),
        search_form(on_submit=AdminOrdersState.search, hint_key="admin.orders.search_hint", prefix="orders"),
        choice_filter(
            [(s, status_label(s)) for s in STATUSES],
            value=AdminOrdersState.status_filter,
            on_change=AdminOrdersState.filter_status,
            element_id="orders-status-filter",
        ),
        notice_and_error(AdminOrdersState.notice, AdminOrdersState.error, prefix="orders"),
        admin_table(HEADERS, AdminOrdersState.orders, _row, table_id="orders-table"),
        pager(AdminOrdersState, prefix="orders"),
        page_id="admin-orders",
        loaded=AdminOrdersState.loaded,
    )
