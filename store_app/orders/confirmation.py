"""The shopper's order mails: the confirmation when an order is placed, and a note at each later
status (confirmed, shipped, delivered, cancelled); each queued in the transaction that made it true."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store_app.accounts.models import Profile, User
from store_app.core.i18n import language, t
from store_app.core.money import format_money
from store_app.mail.service import queue_mail
from store_app.orders.models import Order, OrderLine


def confirmation_context(*, order: Order, lines: list[OrderLine], first_name: str) -> dict[str, Any]:
    """Money already formatted for people, in the shop's currency and the language being served."""
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


def _buyer(session: Session, order: Order) -> tuple[User, str] | None:
    """The account that placed `order` and its first name; None once the account was deleted."""
    user = session.get(User, order.user_id) if order.user_id is not None else None
    if user is None:
        return None
    profile = session.get(Profile, user.id)
    return user, profile.first_name if profile else ""


def queue_confirmation(*, session: Session, order: Order, lines: list[OrderLine]) -> None:
    buyer = _buyer(session, order)
    if buyer is None:
        return
    user, first_name = buyer
    with language(user.language):  # the recipient's, whoever placed the order
        context = confirmation_context(order=order, lines=lines, first_name=first_name)
    queue_mail(session=session, to=user.email, template="order_confirmation", context=context, language=user.language)


def queue_status_mail(*, session: Session, order: Order) -> None:
    """Tell the buyer the order's new status (`order.status`: confirmed, shipped, delivered or cancelled)."""
    buyer = _buyer(session, order)
    if buyer is None:
        return
    user, first_name = buyer
    context = {
        "first_name": first_name,
        "order_number": order.number,
        "status": order.status,
        "total": format_money(order.total, lang=user.language),
        "delivery_address": order.delivery_address,
        "support_email": t("shop.email", user.language),
    }
    queue_mail(session=session, to=user.email, template="order_status", context=context, language=user.language)
