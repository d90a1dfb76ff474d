"""What becomes of a customer's orders when their account goes (SPEC A8): the order lifecycle's side of
account deletion, so `accounts` needs to know no order status.

An order still on its way blocks the deletion (the shop must still deliver or cancel it); the others
stay, with their lines and totals, but without the person: no user id, no name, phone or address.
"""

from __future__ import annotations

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from store_app.core.i18n import t
from store_app.orders.models import Order
from store_app.orders.status import TRANSITIONS

# An order is finished when no move is left from its status (delivered, cancelled).
FINISHED_STATUSES = tuple(status.value for status, moves in TRANSITIONS.items() if not moves)


def open_orders_count(*, session: Session, user_id: int) -> int:
    """How many of the customer's orders are not finished yet."""
    query = select(func.count()).where(Order.user_id == user_id, col(Order.status).not_in(FINISHED_STATUSES))
    return session.exec(query).one()


def anonymise_customer_orders(*, session: Session, user_id: int) -> None:
    """Keep the customer's orders for the books, with nothing left that names the person."""
    session.exec(  # type: ignore[call-overload]
        update(Order)
        .where(col(Order.user_id) == user_id)
        .values(user_id=None, contact_name=t("deletion.anonymous_customer"), phone="", delivery_address="")
    )
