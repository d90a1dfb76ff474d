"""The orders list the staff see: every shopper's orders, newest first, optionally of one status."""

from __future__ import annotations

from sqlmodel import Session, col, select

from store_app.admin.paging import Page, page_of
from store_app.orders.models import Order


def list_all_orders(*, session: Session, status: str = "", page: int = 1) -> Page[Order]:
    query = select(Order).order_by(col(Order.created_at).desc(), col(Order.id).desc())
    if status:
        query = query.where(col(Order.status) == status)
    return page_of(session, query, page=page)
