"""A cart line as the pages show it (the cart page, checkout's summary): plain data, no Reflex, so any
state or page may use it without importing another area's state."""

from __future__ import annotations

import dataclasses

from store_app.cart.service import CartLineView
from store_app.core.money import format_money


@dataclasses.dataclass
class CartRow:
    """One line as the page shows it (money already formatted)."""

    product_id: int
    name: str
    slug: str
    image: str
    price: str
    old_price: str  # the regular price when the line is discounted, else ""
    quantity: int
    stock: int
    total: str


def row_of(line: CartLineView) -> CartRow:
    return CartRow(
        product_id=line.product_id,
        name=line.name,
        slug=line.slug,
        image=line.image,
        price=format_money(line.unit_price),
        old_price=format_money(line.regular_price) if line.unit_price < line.regular_price else "",
        quantity=line.quantity,
        stock=line.stock,
        total=format_money(line.total),
    )
