"""Money as text: an exact Decimal shown in the shop's currency and the shopper's language ("12 990,00 ₽"),
formatted by Babel from CLDR."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_symbol

from store_app.core.i18n import current_language
from store_app.core.settings import get_settings

CENT = Decimal("0.01")
NBSP = "\u00a0"
CURRENCY_SYMBOLS: dict[str, str] = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "BYN": "Br", "CNY": "¥"}


def to_money(value: Decimal | int | str) -> Decimal:
    """`value` as an exact amount with two decimals (half up); raises ValueError for non-numbers."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(NBSP, "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # more digits than the decimal context holds ("1e999999")
        raise ValueError(f"not an amount: {value!r}") from exc


def format_money(amount: Decimal, *, currency: str | None = None, lang: str | None = None) -> str:
    """`amount` for people in `lang` (default: the language being served): Russian groups thousands with
    spaces and puts the symbol after ("12 990,00 ₽"), English uses commas and puts it before ("₽12,990.00")."""
    code = (currency or get_settings().currency).upper()
    locale = lang or current_language()
    written = format_currency(to_money(amount), code, locale=locale)
    # CLDR's English has no sign for some currencies ("RUB12.00"): the shop writes the sign it knows.
    if code in CURRENCY_SYMBOLS and get_currency_symbol(code, locale) == code:
        written = written.replace(code, CURRENCY_SYMBOLS[code])
    return written
