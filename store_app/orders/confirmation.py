"""The order confirmation mail: what it says, queued in the order's transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store_app.accounts.models import Profile, User
from store_app.core.money import format_money
from store_app.mail.service import queue_mail
from store_app.orders.models import Order, OrderLine


def confirmation_context(*, order: Order, lines: list[OrderLine], first_name: str) -> dict[str, Any]:
    """Money already formatted for people, in the shop's currency and language."""
    return {
        "first_name": first_name,
        "order_number": order.number,
        "lines": [
            {
                "name": line.product_name,
                "quantity": line.quantity,
                "price": format_money(line.unit_price),
                "total": format_money(line.line_total),
            }
            for line in lines
        ],
        "total": format_money(order.total),
        "delivery_address": order.delivery_address,
    }


def queue_confirmation(*, session: Session, order: Order, lines: list[OrderLine]) -> None:
    user = session.get(User, order.user_id) if order.user_id is not None else None
    if user is None:
        return
    profile = session.get(Profile, user.id)
    context = confirmation_context(order=order, lines=lines, first_name=profile.first_name if profile else "")
    queue_mail(session=session, to=user.email, template="order_confirmation", context=context)
