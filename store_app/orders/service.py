"""Checkout: turn the user's cart into an order in one transaction, and list the user's orders (SPEC C4)."""

from __future__ import annotations

import dataclasses
import secrets

from sqlmodel import Session, col, select

from store_app.accounts.history import user_actor
from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event
from store_app.cart.service import CartLineView, CartOwner, cart_lines, clear_cart
from store_app.cart.totals import compute_totals
from store_app.core.dates import shop_today
from store_app.core.errors import DomainError, NotFound
from store_app.core.i18n import t
from store_app.orders.confirmation import queue_confirmation
from store_app.orders.contact import OrderContact
from store_app.orders.models import Order, OrderLine
from store_app.orders.stock import current_stock, take_stock


@dataclasses.dataclass(frozen=True)
class OrderView:
    order: Order
    lines: list[OrderLine]


def _new_order_number(session: Session) -> str:
    """The day (on the shop's clock, as the order's date is shown) plus six random digits: readable on the
    phone, and says nothing about order volume."""
    while True:
        number = f"{shop_today():%y%m%d}-{secrets.randbelow(900_000) + 100_000}"
        if session.exec(select(Order.id).where(Order.number == number)).first() is None:
            return number


def _shortage(session: Session, line: CartLineView) -> DomainError:
    """Why the stock of `line` could not be taken, in the shopper's words."""
    now = current_stock(session=session, product_id=line.product_id)
    if now is None or not now[1]:
        return DomainError(t("orders.error.unavailable", name=line.name), field="cart")
    if now[0] <= 0:
        return DomainError(t("orders.error.sold_out", name=line.name), field="cart")
    return DomainError(t("orders.error.only_left", name=line.name, stock=now[0]), field="cart")


def _take_stock_for(session: Session, lines: list[CartLineView]) -> None:
    # Always in product-id order, so two checkouts on PostgreSQL lock rows in the same order (no deadlock).
    for line in sorted(lines, key=lambda item: item.product_id):
        if not take_stock(session=session, product_id=line.product_id, quantity=line.quantity):
            raise _shortage(session, line)


def place_order(*, session: Session, user_id: int, contact: OrderContact, ip: str = "") -> Order:
    """Order everything in the user's cart: stock taken, prices frozen, cart emptied, history
    written and the confirmation mail queued, all or nothing. On a shortage the session is
    rolled back and the error says which product and how many are left."""
    owner = CartOwner(user_id=user_id)
    lines = cart_lines(session=session, owner=owner)
    if not lines:
        raise DomainError(t("orders.error.cart_empty"), field="cart")
    try:
        _take_stock_for(session, lines)
    except DomainError:
        session.rollback()
        raise
    session.expire_all()  # products read above now hold old stock figures
    totals = compute_totals(lines)
    order = Order(
        number=_new_order_number(session),
        user_id=user_id,
        contact_name=contact.name,
        phone=contact.phone,
        delivery_address=contact.address,
        items_count=totals.items_count,
        subtotal=totals.subtotal,
        savings=totals.savings,
        total=totals.total,
    )
    session.add(order)
    session.flush()
    order_lines = [
        OrderLine(
            order_id=order.id or 0,
            product_id=line.product_id,
            product_name=line.name,
            unit_price=line.unit_price,
            regular_price=line.regular_price,
            quantity=line.quantity,
            line_total=line.total,
        )
        for line in lines
    ]
    session.add_all(order_lines)
    clear_cart(session=session, owner=owner)
    record_event(
        session=session,
        kind=EventKind.ORDER_PLACED,
        actor=user_actor(session=session, user_id=user_id, ip=ip),
        target=f"order:{order.number}",
        details={"order_id": order.id, "total": str(order.total), "items": order.items_count},
    )
    queue_confirmation(session=session, order=order, lines=order_lines)
    session.flush()
    return order


def lines_of(*, session: Session, order_ids: list[int]) -> dict[int, list[OrderLine]]:
    """The lines of each order, in the order they were bought."""
    found: dict[int, list[OrderLine]] = {order_id: [] for order_id in order_ids}
    query = select(OrderLine).where(col(OrderLine.order_id).in_(order_ids)).order_by(col(OrderLine.id))
    for line in session.exec(query):
        found[line.order_id].append(line)
    return found


def list_orders(*, session: Session, user_id: int) -> list[OrderView]:
    """The user's orders, newest first, each with its lines."""
    query = select(Order).where(Order.user_id == user_id).order_by(col(Order.created_at).desc(), col(Order.id).desc())
    orders = list(session.exec(query))
    lines = lines_of(session=session, order_ids=[order.id or 0 for order in orders])
    return [OrderView(order=order, lines=lines[order.id or 0]) for order in orders]


def get_order(*, session: Session, user_id: int, order_id: int) -> OrderView:
    """One of the user's own orders; another user's order is reported as not found."""
    order = session.get(Order, order_id)
    if order is None or order.user_id != user_id:
        raise NotFound(t("orders.error.not_found"), field="order")
    return OrderView(order=order, lines=lines_of(session=session, order_ids=[order_id])[order_id])
