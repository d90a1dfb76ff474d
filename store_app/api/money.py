"""Money in JSON: exact strings with two decimals ("1299.00"), never floats."""

from __future__ import annotations

from decimal import Decimal

from store_app.core.money import to_money


def money_text(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{to_money(amount):.2f}"
