"""Order statuses: the allowed moves, and cancelling (which returns the stock); each move mails the buyer."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from store_app.accounts.history import user_actor
from store_app.audit.actor import SYSTEM, Actor
from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event
from store_app.core import clock
from store_app.core.errors import Conflict, NotFound
from store_app.core.i18n import N_, t
from store_app.orders.confirmation import queue_status_mail
from store_app.orders.models import Order, OrderStatus
from store_app.orders.service import get_order, lines_of
from store_app.orders.stock import return_stock

TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.NEW: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}
# Each status's text, written out so the catalogue test and `pybabel extract` see each key.
STATUS_KEYS: dict[OrderStatus, str] = {
    OrderStatus.NEW: N_("orders.status.new"),
    OrderStatus.CONFIRMED: N_("orders.status.confirmed"),
    OrderStatus.SHIPPED: N_("orders.status.shipped"),
    OrderStatus.DELIVERED: N_("orders.status.delivered"),
    OrderStatus.CANCELLED: N_("orders.status.cancelled"),
}
_order = Order.__table__  # type: ignore[attr-defined]


def status_label(status: str) -> str:
    """A stored status in the language being served."""
    return t(STATUS_KEYS[OrderStatus(status)])


def can_move(current: str, target: str) -> bool:
    return OrderStatus(target) in TRANSITIONS[OrderStatus(current)]


def can_cancel(status: str) -> bool:
    return can_move(status, OrderStatus.CANCELLED)


def _move(session: Session, order: Order, target: OrderStatus, *, actor: Actor) -> Order:
    """Move `order` to `target` only if it is still in the status read: a conditional update, so two
    clicks at once (shopper and staff, two tabs) cannot both cancel and return the stock twice."""
    current = order.status
    if not can_move(current, target):
        raise Conflict(t("orders.error.bad_transition", status=status_label(current)), field="status")
    result = session.execute(
        update(_order)
        .where(_order.c.id == order.id, _order.c.status == current)
        .values(status=target.value, updated_at=clock.now())
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(t("orders.error.changed_meanwhile"), field="status")
    session.refresh(order)
    if target is OrderStatus.CANCELLED:
        for line in lines_of(session=session, order_ids=[order.id or 0])[order.id or 0]:
            if line.product_id is not None:
                return_stock(session=session, product_id=line.product_id, quantity=line.quantity)
    record_event(
        session=session,
        kind=EventKind.ORDER_CANCELLED if target is OrderStatus.CANCELLED else EventKind.ORDER_STATUS_CHANGED,
        actor=actor,
        target=f"order:{order.number}",
        details={"order_id": order.id, "from": current, "to": target.value},
    )
    queue_status_mail(session=session, order=order)  # sent only if this move commits
    return order


def change_order_status(
    *,
    session: Session,
    order_id: int,
    status: str,
    actor: Actor = SYSTEM,
) -> Order:
    """Staff move an order along new -> confirmed -> shipped -> delivered, or cancel it.
    The caller (admin page or API) has checked that the actor is staff."""
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(t("orders.error.not_found"), field="order")
    try:
        target = OrderStatus(status)
    except ValueError:
        raise Conflict(t("orders.error.unknown_status"), field="status") from None
    return _move(session, order, target, actor=actor)


def cancel_order(*, session: Session, user_id: int, order_id: int, ip: str = "") -> Order:
    """The shopper cancels one of their own orders while it is new or confirmed; stock goes back."""
    order = get_order(session=session, user_id=user_id, order_id=order_id).order
    return _move(session, order, OrderStatus.CANCELLED, actor=user_actor(session=session, user_id=user_id, ip=ip))
