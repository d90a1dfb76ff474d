"""Money in JSON: exact strings with two decimals ("1299.00"), never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from store_app.core.money import CENT, to_money


def money_text(amount: Decimal | None) -> str | None:
    if isinstance(amount, Decimal) and amount.is_finite():  # a stored amount: rounded as to_money rounds
        return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"
    return None if amount is None else f"{to_money(amount):.2f}"
