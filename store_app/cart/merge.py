"""Merging a guest's cart into the account's cart at login (SPEC C1)."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, col, delete, select

from store_app.cart.models import Cart, CartLine
from store_app.cart.service import CartOwner, find_cart
from store_app.catalog.models import Product
from store_app.core import clock
from store_app.core.i18n import t


@dataclasses.dataclass
class MergeReport:
    """What the merge did, so the shopper can be told."""

    added: list[str] = dataclasses.field(default_factory=list)  # product names moved or increased
    capped: list[tuple[str, int]] = dataclasses.field(default_factory=list)  # (name, stock) lowered to stock
    dropped: list[str] = dataclasses.field(default_factory=list)  # no longer sold or sold out

    @property
    def changed(self) -> bool:
        return bool(self.added or self.capped or self.dropped)

    @property
    def messages(self) -> list[str]:
        notes = []
        if self.added:
            notes.append(t("cart.merge.added", count=len(self.added)))
        notes += [t("cart.merge.capped", name=name, stock=stock) for name, stock in self.capped]
        notes += [t("cart.merge.dropped", name=name) for name in self.dropped]
        return notes


def merge_guest_cart(*, session: Session, guest_cart_id: int, user_id: int) -> MergeReport:
    """Move the guest cart's lines into the user's cart, quantities capped at stock; the guest
    cart is deleted. A cart that is not a guest cart is left alone."""
    report = MergeReport()
    guest_cart = session.get(Cart, guest_cart_id)
    if guest_cart is None or guest_cart.user_id is not None:
        return report
    user_cart = find_cart(session=session, owner=CartOwner(user_id=user_id))
    if user_cart is None:
        user_cart = Cart(user_id=user_id)
        session.add(user_cart)
        session.flush()
    existing = {
        line.product_id: line for line in session.exec(select(CartLine).where(CartLine.cart_id == user_cart.id))
    }
    guest_rows = session.exec(
        select(CartLine, Product)
        .join(Product, col(Product.id) == col(CartLine.product_id))
        .where(CartLine.cart_id == guest_cart_id)
        .order_by(col(CartLine.added_at), col(CartLine.id))
    ).all()
    for guest_line, product in guest_rows:
        if not product.is_active or product.stock <= 0:
            report.dropped.append(product.name)
            continue
        line = existing.get(guest_line.product_id)
        before = line.quantity if line else 0
        wanted = guest_line.quantity + before
        quantity = min(wanted, product.stock)
        if quantity < wanted:
            report.capped.append((product.name, product.stock))
        if quantity > before:
            report.added.append(product.name)
        if line is None:
            line = CartLine(cart_id=user_cart.id or 0, product_id=guest_line.product_id, added_at=guest_line.added_at)
        line.quantity, line.updated_at = quantity, clock.now()
        session.add(line)
    session.execute(delete(CartLine).where(col(CartLine.cart_id) == guest_cart_id))
    session.delete(guest_cart)
    session.flush()
    return report
