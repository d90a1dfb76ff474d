"""Amounts too large to hold are refused like any non-number (a form or API body must not crash on them)."""

from __future__ import annotations

import pytest

from store_app.core.money import to_money


@pytest.mark.parametrize("raw", ["1e999999", "1" * 500, "-9" * 40])
def test_amounts_beyond_the_decimal_context_are_value_errors(raw: str) -> None:
    with pytest.raises(ValueError):
        to_money(raw)
