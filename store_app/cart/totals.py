"""Pure cart arithmetic and stock rules: exact Decimal totals and the 1..stock quantity bound."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal

from store_app.core.errors import Conflict, InvalidValue
from store_app.core.i18n import t

ZERO = Decimal("0.00")


@dataclasses.dataclass(frozen=True)
class PricedLine:
    """What totals need from a line: the price paid, the regular price and how many."""

    unit_price: Decimal
    regular_price: Decimal
    quantity: int

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def regular_total(self) -> Decimal:
        return self.regular_price * self.quantity


@dataclasses.dataclass(frozen=True)
class CartTotals:
    items_count: int
    subtotal: Decimal  # at regular prices
    savings: Decimal  # subtotal - total, never negative
    total: Decimal  # what the shopper pays


def compute_totals(lines: Iterable[PricedLine]) -> CartTotals:
    """Sum the lines exactly; a discount only ever lowers the price, so savings are >= 0."""
    items, subtotal, total = 0, ZERO, ZERO
    for line in lines:
        items += line.quantity
        subtotal += line.regular_total
        total += line.total
    return CartTotals(items_count=items, subtotal=subtotal, savings=subtotal - total, total=total)


def check_quantity(*, quantity: int, stock: int, name: str, in_cart: int = 0) -> None:
    """Refuse a quantity outside 1..stock with a message that says why.

    `in_cart` is what the cart already holds when `quantity` is being added on top of it.
    """
    if quantity < 1:
        raise InvalidValue(t("cart.error.quantity_min"), field="quantity")
    if stock <= 0:
        raise Conflict(t("cart.error.sold_out", name=name), field="quantity")
    if in_cart + quantity > stock:
        if in_cart:
            raise Conflict(t("cart.error.only_left_in_cart", stock=stock, in_cart=in_cart), field="quantity")
        raise Conflict(t("cart.error.only_left", stock=stock), field="quantity")
