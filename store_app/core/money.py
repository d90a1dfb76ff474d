"""Money as text: an exact Decimal shown in the shop's currency and language ("12 990,00 ₽")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
    """`amount` for people: Russian groups thousands with spaces and puts the symbol after
    ("12 990,00 ₽"), English uses commas and puts it before ("₽12,990.00")."""
    settings = get_settings()
    code = (currency or settings.currency).upper()
    symbol = CURRENCY_SYMBOLS.get(code, code)
    number = f"{to_money(amount):,.2f}"  # "12,990.00"
    if (lang or settings.language) == "en":
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        return f"{sign}{symbol}{digits}"
    return number.replace(",", NBSP).replace(".", ",") + NBSP + symbol
