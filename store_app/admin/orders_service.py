"""The orders the staff see: every shopper's orders, newest first, by status and by number or buyer;
and one order in full, to pack and ship from (lines, contact, address, status history)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from store_app.accounts.models import User
from store_app.audit.kinds import EventKind
from store_app.audit.models import HistoryEvent
from store_app.core.errors import NotFound
from store_app.core.i18n import t
from store_app.core.paging import Page, page_of
from store_app.orders.models import Order, OrderLine
from store_app.orders.service import lines_of

# What the order's history shows: its placing and each status move (not, say, a mail resent).
STATUS_KINDS = (EventKind.ORDER_PLACED, EventKind.ORDER_STATUS_CHANGED, EventKind.ORDER_CANCELLED)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matching(search: str):  # type: ignore[no-untyped-def]
    """Orders whose number, contact name or buyer's email or login contains `search`.

    SQLite folds the case of Latin letters only, so a name is also tried as typed and capitalised
    (a Cyrillic "анна" finds "Анна Смирнова")."""
    words = {search, search.lower(), search.capitalize(), search.title()}
    email = func.lower(col(User.email)).like(_like(search.lower()), escape="\\")
    buyer = select(User.id).where(or_(email, func.lower(col(User.login)).like(_like(search.lower()), escape="\\")))
    return or_(
        col(Order.number).like(_like(search), escape="\\"),
        *[col(Order.contact_name).like(_like(word), escape="\\") for word in words],
        col(Order.user_id).in_(buyer),
    )


def list_all_orders(*, session: Session, status: str = "", search: str = "", page: int = 1) -> Page[Order]:
    query = select(Order).order_by(col(Order.created_at).desc(), col(Order.id).desc())
    if status:
        query = query.where(col(Order.status) == status)
    if search.strip():
        query = query.where(_matching(search.strip()))
    return page_of(session, query, page=page)


@dataclasses.dataclass(frozen=True)
class StatusStep:
    at: dt.datetime
    status: str  # the status the order reached
    actor: str  # the login of who moved it


@dataclasses.dataclass(frozen=True)
class OrderDetail:
    order: Order
    lines: list[OrderLine]
    buyer_email: str  # "" once the account was deleted
    buyer_login: str
    history: list[StatusStep]


def order_detail(*, session: Session, order_id: int) -> OrderDetail:
    """One order as staff need it to pack and ship; NotFound for an unknown id."""
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(t("orders.error.not_found"), field="order")
    buyer = session.get(User, order.user_id) if order.user_id is not None else None
    events = session.exec(
        select(HistoryEvent)
        .where(HistoryEvent.target == f"order:{order.number}", col(HistoryEvent.kind).in_(STATUS_KINDS))
        .order_by(col(HistoryEvent.created_at), col(HistoryEvent.id))
    )
    history = [
        StatusStep(at=event.created_at, status=str(event.details.get("to", "new")), actor=event.actor_label)
        for event in events
    ]
    return OrderDetail(
        order=order,
        lines=lines_of(session=session, order_ids=[order_id])[order_id],
        buyer_email=buyer.email if buyer else "",
        buyer_login=buyer.login if buyer else "",
        history=history,
    )
