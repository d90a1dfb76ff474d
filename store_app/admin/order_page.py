"""/admin/orders/[order_id]: one order to pack and ship from (lines, contact, address, status history),
with its status changed right there (SPEC D2)."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx
from sqlmodel import Session

from store_app.accounts.rules.phones import display_phone
from store_app.accounts.sessions.guards import acting_args, staff_event
from store_app.admin.orders_page import change_status
from store_app.admin.orders_service import order_detail
from store_app.admin.shell import admin_page, admin_table, notice_and_error
from store_app.core.dates import format_moment
from store_app.core.errors import DomainError
from store_app.core.i18n import t, var_text
from store_app.core.money import format_money
from store_app.orders.models import OrderStatus
from store_app.orders.state import OrderLineRow, line_row
from store_app.orders.status import STATUS_KEYS, TRANSITIONS, status_label
from store_app.ui.bridge import attempt, call
from store_app.ui.routes import ADMIN_ORDER_PREFIX, ADMIN_ORDERS_ROUTE

LINE_HEADERS = ("orders.product", "orders.quantity", "orders.price", "orders.line_total")
HISTORY_HEADERS = ("admin.order.when", "admin.orders.status", "admin.order.who")


@dataclasses.dataclass
class StatusStepView:
    when: str
    status: str
    actor: str


@dataclasses.dataclass
class OrderCard:
    """Everything the page shows of one order, as text."""

    id: int = 0
    number: str = ""
    created: str = ""
    status: str = ""
    status_label: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    items_count: int = 0
    total: str = ""
    next_statuses: list[str] = dataclasses.field(default_factory=list)  # where it may move now


def _card(*, session: Session, order_id: int) -> tuple[OrderCard, list[OrderLineRow], list[StatusStepView]] | None:
    try:
        found = order_detail(session=session, order_id=order_id)
    except DomainError:
        return None
    order = found.order
    card = OrderCard(
        id=order.id or 0,
        number=order.number,
        created=format_moment(order.created_at),
        status=order.status,
        status_label=status_label(order.status),
        contact_name=order.contact_name,
        phone=display_phone(order.phone),
        email=found.buyer_email,
        address=order.delivery_address,
        items_count=order.items_count,
        total=format_money(order.total),
        next_statuses=[s.value for s in OrderStatus if s in TRANSITIONS[OrderStatus(order.status)]],
    )
    lines = [line_row(line) for line in found.lines]
    history = [
        StatusStepView(when=format_moment(step.at), status=status_label(step.status), actor=step.actor)
        for step in found.history
    ]
    return card, lines, history


def _order_id_in_path(path: str) -> int:
    tail = path.rstrip("/")[len(ADMIN_ORDER_PREFIX) :] if path.startswith(ADMIN_ORDER_PREFIX) else ""
    return int(tail) if tail.isdigit() else 0


class AdminOrderState(rx.State):
    card: OrderCard = OrderCard()
    lines: rx.Field[list[OrderLineRow]] = rx.field(default_factory=list)
    history: rx.Field[list[StatusStepView]] = rx.field(default_factory=list)
    found: bool = False
    loaded: bool = False
    notice: str = ""
    error: str = ""

    async def _reload(self, order_id: int) -> None:
        shown = await call(_card, order_id=order_id) if order_id else None
        self.found = shown is not None
        self.card, self.lines, self.history = shown if shown is not None else (OrderCard(), [], [])
        self.loaded = True

    @rx.var
    def page_title(self) -> str:
        return (
            f"{var_text('orders.number')} {self.card.number} — {var_text('shop.name')}"
            if self.card.number
            else var_text("admin.orders.title")
        )

    @staff_event
    async def load(self) -> None:
        """on_load: the order's id is the last part of the path."""
        self.notice = self.error = ""
        await self._reload(_order_id_in_path(self.router.url.path))

    @staff_event
    async def change_status(self, form_data: dict[str, Any]) -> None:
        # @staff_event also refuses staff who must set up 2FA first (STAFF_2FA_REQUIRED): the guard uses
        # SessionState's staff check (sessions/state.staff_context).
        order_id = _order_id_in_path(self.router.url.path)
        outcome = await attempt(
            change_status,
            where="admin order status",
            fields=(),
            **acting_args(),
            order_id=order_id,
            status=str(form_data.get("status", "")),
        )
        self.notice, self.error = outcome.value or "", outcome.message
        await self._reload(order_id)


S = AdminOrderState


def _line(line: OrderLineRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.name), rx.table.cell(line.quantity), rx.table.cell(line.price), rx.table.cell(line.total)
    )


def _step(step: StatusStepView) -> rx.Component:
    return rx.table.row(rx.table.cell(step.when), rx.table.cell(step.status), rx.table.cell(step.actor))


def _fact(label_key: str, value: rx.Var, element_id: str) -> rx.Component:
    return rx.hstack(rx.text(t(label_key), weight="bold"), rx.text(value, id=element_id), spacing="2", wrap="wrap")


def _status_form() -> rx.Component:
    return rx.cond(
        S.card.next_statuses.length() > 0,  # type: ignore[attr-defined]
        rx.form(
            rx.hstack(
                rx.el.select(
                    rx.foreach(
                        S.card.next_statuses,
                        lambda status: rx.el.option(
                            rx.match(status, *[(s.value, t(key)) for s, key in STATUS_KEYS.items()], status),
                            value=status,
                        ),
                    ),
                    name="status",
                    id="order-detail-target",
                ),
                rx.button(t("admin.orders.apply"), type="submit", id="order-detail-apply"),
                spacing="2",
            ),
            on_submit=S.change_status,
        ),
        rx.text(t("admin.order.final"), color_scheme="gray", id="order-detail-final"),
    )


def _found() -> rx.Component:
    return rx.vstack(
        rx.link(t("admin.order.back"), href=ADMIN_ORDERS_ROUTE, id="order-detail-back"),
        notice_and_error(S.notice, S.error, prefix="order-detail"),
        rx.hstack(
            rx.heading(t("orders.number"), " ", S.card.number, size="5", as_="h2", id="order-detail-number"),
            rx.badge(S.card.status_label, id="order-detail-status"),
            align="center",
            spacing="3",
        ),
        _fact("admin.orders.created", S.card.created, "order-detail-created"),
        _fact("admin.order.contact", S.card.contact_name, "order-detail-contact"),
        _fact("admin.order.phone", S.card.phone, "order-detail-phone"),
        _fact("admin.order.email", S.card.email, "order-detail-email"),
        _fact("orders.address", S.card.address, "order-detail-address"),
        admin_table(list(LINE_HEADERS), S.lines, _line, table_id="order-detail-lines"),
        _fact("orders.total", S.card.total, "order-detail-total"),
        rx.heading(t("admin.order.change"), size="4", as_="h2"),
        _status_form(),
        rx.heading(t("admin.order.history"), size="4", as_="h2"),
        admin_table(list(HISTORY_HEADERS), S.history, _step, table_id="order-detail-history"),
        spacing="3",
        width="100%",
    )


def admin_order_page() -> rx.Component:
    return admin_page(
        t("admin.order.title"),
        rx.cond(
            S.found,
            _found(),
            rx.vstack(
                rx.text(t("orders.error.not_found"), id="order-detail-missing"),
                rx.link(t("admin.order.back"), href=ADMIN_ORDERS_ROUTE),
            ),
        ),
        page_id="admin-order",
        loaded=S.loaded,
    )
