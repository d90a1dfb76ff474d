"""Reflex state of /orders: the shopper's orders with their lines and status, and cancelling one."""

from __future__ import annotations

import dataclasses

import reflex as rx
from sqlmodel import Session

from store_app.accounts.sessions.guards import acting, login_event
from store_app.core.dates import format_moment
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.orders.models import OrderLine
from store_app.orders.service import OrderView, list_orders
from store_app.orders.status import can_cancel, cancel_order, status_label
from store_app.ui.bridge import attempt, call


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


def _list(*, session: Session, user_id: int) -> list[OrderRow]:
    return [_row(view) for view in list_orders(session=session, user_id=user_id)]


def _cancel(*, session: Session, user_id: int, order_id: int, ip: str) -> str:
    return cancel_order(session=session, user_id=user_id, order_id=order_id, ip=ip).number


class OrdersState(rx.State):
    orders: rx.Field[list[OrderRow]] = rx.field(default_factory=list)
    notice: str = ""
    _next_notice: str = ""  # left by checkout for the next opening of the page
    error: str = ""
    loaded: bool = False

    @login_event
    async def open_page(self) -> None:
        self.error, self.notice, self._next_notice = "", self._next_notice, ""
        self.orders = await call(_list, user_id=acting().user_id)
        self.loaded = True

    def _leave_notice(self, text: str) -> None:
        """Called by checkout (server side) so the list greets the shopper with their order number."""
        self._next_notice = text

    @login_event
    async def cancel(self, order_id: int) -> None:
        who = acting()
        outcome = await attempt(
            _cancel, where="order cancel", fields=(), user_id=who.user_id, order_id=int(order_id), ip=who.ip
        )
        if outcome.ok:
            self.error, self.notice = "", t("orders.cancelled", number=outcome.value)
        else:
            self.error, self.notice = outcome.message, ""
        self.orders = await call(_list, user_id=who.user_id)

    @rx.event
    def dismiss_notice(self) -> None:
        self.notice = ""
