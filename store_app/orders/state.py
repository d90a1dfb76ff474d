"""Reflex state of /orders: the shopper's orders with their lines and status, and cancelling one."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from store_app.accounts.sessions.state import login_redirect, optional_user_id
from store_app.accounts.state_helpers import shopper_ip
from store_app.core.dates import format_moment
from store_app.core.db import session_scope
from store_app.core.errors import DomainError
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.orders.models import OrderLine
from store_app.orders.service import OrderView, list_orders
from store_app.orders.status import can_cancel, cancel_order, status_label

ORDERS_ROUTE = "/orders"


@dataclasses.dataclass
class OrderLineRow:
    name: str
    quantity: int
    price: str
    total: str


def line_row(line: OrderLine) -> OrderLineRow:
    """A bought line as the pages show it (money formatted); the shopper's /orders and staff's order page."""
    return OrderLineRow(
        name=line.product_name,
        quantity=line.quantity,
        price=format_money(line.unit_price),
        total=format_money(line.line_total),
    )


@dataclasses.dataclass
class OrderRow:
    id: int
    number: str
    created: str
    status: str
    status_label: str
    total: str
    address: str
    can_cancel: bool
    lines: list[OrderLineRow]


def _row(view: OrderView) -> OrderRow:
    order = view.order
    return OrderRow(
        id=order.id or 0,
        number=order.number,
        created=format_moment(order.created_at),
        status=order.status,
        status_label=status_label(order.status),
        total=format_money(order.total),
        address=order.delivery_address,
        can_cancel=can_cancel(order.status),
        lines=[line_row(line) for line in view.lines],
    )


def _list(user_id: int) -> list[OrderRow]:
    with session_scope() as session:
        return [_row(view) for view in list_orders(session=session, user_id=user_id)]


def _cancel(user_id: int, order_id: int, ip: str) -> str:
    with session_scope() as session:
        return cancel_order(session=session, user_id=user_id, order_id=order_id, ip=ip).number


class OrdersState(rx.State):
    orders: rx.Field[list[OrderRow]] = rx.field(default_factory=list)
    notice: str = ""
    _next_notice: str = ""  # left by checkout for the next opening of the page
    error: str = ""
    loaded: bool = False

    @rx.event
    async def open_page(self):  # type: ignore[no-untyped-def]
        user_id = await optional_user_id(self)
        if user_id is None:
            return login_redirect(self)
        self.error, self.notice, self._next_notice = "", self._next_notice, ""
        self.orders = await asyncio.to_thread(_list, user_id)
        self.loaded = True

    def _leave_notice(self, text: str) -> None:
        """Called by checkout (server side) so the list greets the shopper with their order number."""
        self._next_notice = text

    @rx.event
    async def cancel(self, order_id: int):  # type: ignore[no-untyped-def]
        user_id = await optional_user_id(self)
        if user_id is None:
            return login_redirect(self)
        try:
            number = await asyncio.to_thread(_cancel, user_id, int(order_id), shopper_ip(self))
        except DomainError as exc:
            self.error, self.notice = exc.message, ""
        else:
            self.error, self.notice = "", t("orders.cancelled", number=number)
        self.orders = await asyncio.to_thread(_list, user_id)

    @rx.event
    def dismiss_notice(self) -> None:
        self.notice = ""
