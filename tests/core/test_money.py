"""Money as text in the shop's currency and language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from store_app.core.money import format_money, to_money

NBSP = "\u00a0"


def test_russian_roubles_group_thousands_with_spaces_and_use_a_comma() -> None:
    assert format_money(Decimal("12990")) == f"12{NBSP}990,00{NBSP}₽"
    assert format_money(Decimal("1234567.5")) == f"1{NBSP}234{NBSP}567,50{NBSP}₽"
    assert format_money(Decimal("0.99")) == f"0,99{NBSP}₽"


def test_english_puts_the_symbol_first(monkeypatch: pytest.MonkeyPatch) -> None:
    assert format_money(Decimal("12990"), lang="en") == "₽12,990.00"
    assert format_money(Decimal("-5"), lang="en", currency="USD") == "-$5.00"


def test_the_currency_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from store_app.core.settings import get_settings

    monkeypatch.setenv("CURRENCY", "EUR")
    get_settings.cache_clear()
    assert format_money(Decimal("10")) == f"10,00{NBSP}€"
    monkeypatch.setenv("CURRENCY", "XYZ")
    get_settings.cache_clear()
    assert format_money(Decimal("10")) == f"10,00{NBSP}XYZ"


def test_amounts_are_rounded_half_up_to_cents() -> None:
    assert to_money("1,005") == Decimal("1.01")
    assert to_money(" 12 990,50 ") == Decimal("12990.50")
    for junk in ("", "abc", "NaN", "Infinity", "1e"):
        with pytest.raises(ValueError):
            to_money(junk)
