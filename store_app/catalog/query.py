"""What a shopper asks the catalog for, read from and written to URL parameters.

`/catalog?q=...&category=...&min=...&max=...&stock=1&sort=...&page=...` carries every filter,
so a copied link or the back button gives the same view; the REST API reads the same names.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from store_app.catalog.word_forms import stem
from store_app.core.money import to_money

CATALOG_ROUTE = "/catalog"
DEFAULT_PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000
MAX_TEXT_LENGTH = 100
MAX_WORD_LENGTH = 64
MAX_SEARCHABLE_LENGTH = 200
MAX_PRICE = Decimal("9999999999.99")  # Numeric(12, 2)


class Sort(enum.StrEnum):
    NEWEST = "new"
    PRICE_ASC = "price"
    PRICE_DESC = "-price"
    NAME = "name"


DEFAULT_SORT = Sort.NEWEST


def normalize_text(text: str) -> str:
    """Text as the search compares it: case folded, ё read as е, single spaces."""
    return " ".join(text.casefold().replace("ё", "е").split())


def searchable_text(text: str) -> str:
    """A name as search and the name sort see it: its words, normalized, one space apart."""
    return " ".join(re.findall(r"\w+", normalize_text(text)))[:MAX_SEARCHABLE_LENGTH]


def search_words(text: str) -> list[str]:
    """The words of `text` as search stores and matches them: normalized, unique, in order."""
    return list(dict.fromkeys(word[:MAX_WORD_LENGTH] for word in searchable_text(text).split()))


def _first(value: Any) -> str:
    """A parameter as one string; frameworks hand over lists for repeated names."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _price(value: Any) -> Decimal | None:
    try:
        amount = to_money(_first(value))
    except ValueError:
        return None
    return amount if Decimal(0) <= amount <= MAX_PRICE else None


def _whole(value: Any, *, default: int, low: int, high: int) -> int:
    try:
        number = int(_first(value))
    except ValueError:
        return default
    return max(low, min(high, number))


@dataclasses.dataclass(frozen=True)
class ProductQuery:
    text: str = ""
    category: str = ""  # a category slug; its subcategories are included
    min_price: Decimal | None = None  # on the price a shopper pays (the discount price when there is one)
    max_price: Decimal | None = None
    in_stock: bool = False
    sort: Sort = DEFAULT_SORT
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> ProductQuery:
        """Read URL parameters; junk is ignored (bad numbers, unknown sort), the page is clamped."""
        min_price, max_price = _price(params.get("min")), _price(params.get("max"))
        if min_price is not None and max_price is not None and min_price > max_price:
            min_price, max_price = max_price, min_price
        sort_value = _first(params.get("sort"))
        return cls(
            text=" ".join(_first(params.get("q")).split())[:MAX_TEXT_LENGTH],
            category=_first(params.get("category"))[:140],
            min_price=min_price,
            max_price=max_price,
            in_stock=_first(params.get("stock")).lower() in {"1", "true", "yes", "on"},
            sort=Sort(sort_value) if sort_value in Sort._value2member_map_ else DEFAULT_SORT,
            page=_whole(params.get("page"), default=1, low=1, high=MAX_PAGE),
            page_size=_whole(params.get("size"), default=DEFAULT_PAGE_SIZE, low=1, high=MAX_PAGE_SIZE),
        )

    def to_params(self) -> dict[str, str]:
        """The parameters that differ from the defaults, in a stable order (`from_params` reads them back)."""
        params: dict[str, str] = {}
        if self.text:
            params["q"] = self.text
        if self.category:
            params["category"] = self.category
        if self.min_price is not None:
            params["min"] = _plain(self.min_price)
        if self.max_price is not None:
            params["max"] = _plain(self.max_price)
        if self.in_stock:
            params["stock"] = "1"
        if self.sort != DEFAULT_SORT:
            params["sort"] = self.sort.value
        if self.page != 1:
            params["page"] = str(self.page)
        if self.page_size != DEFAULT_PAGE_SIZE:
            params["size"] = str(self.page_size)
        return params

    def to_url(self, path: str = CATALOG_ROUTE) -> str:
        query = urlencode(self.to_params())
        return f"{path}?{query}" if query else path

    def with_changes(self, **changes: Any) -> ProductQuery:
        """A copy with `changes`; any change of filter or sort goes back to the first page."""
        return dataclasses.replace(self, **{"page": 1, **changes})

    @property
    def search_terms(self) -> list[str]:
        """Each is the start of a word the product's name must contain: the stem of a word asked for,
        so any form of it matches ("ноутбуки" finds "Ноутбук")."""
        return list(dict.fromkeys(stem(word) for word in search_words(self.text)))


def _plain(amount: Decimal) -> str:
    """An amount without needless zeros: 1500.00 -> "1500", 99.50 -> "99.5"."""
    return format(amount.normalize(), "f")
