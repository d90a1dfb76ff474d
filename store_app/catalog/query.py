"""What a shopper asks the catalog for, read from and written to URL parameters.

`/catalog?q=...&category=...&min=...&max=...&stock=1&f.brand=Apple,Samsung&f.diagonal=6..7&sort=...&page=...`
carries every filter, so a copied link or the back button gives the same view; the REST API reads
the same names. `f.<attribute code>` is a specification: values of a choice or yes/no joined by
commas (any of them), or a number range `low..high` (either side may be empty).
"""

from __future__ import annotations

import dataclasses
import enum
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from store_app.catalog.word_forms import stem
from store_app.core.money import to_money
from store_app.ui.routes import CATALOG_ROUTE

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

DEFAULT_PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000
MAX_TEXT_LENGTH = 100
MAX_WORD_LENGTH = 64
MAX_SEARCHABLE_LENGTH = 200
MAX_PRICE = Decimal("9999999999.99")  # Numeric(12, 2)
FACET_PREFIX = "f."
MAX_FACETS = 20
MAX_FACET_TEXT = 300
_CODE = re.compile(r"[a-z0-9_]{1,40}")


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"  # best matches first; without search words it is the newest first
    NEWEST = "new"
    PRICE_ASC = "price"
    PRICE_DESC = "-price"
    NAME = "name"


DEFAULT_SORT = Sort.RELEVANCE


def normalize_text(text: str) -> str:
    """Text as the search compares it: case folded, ё read as е, single spaces."""
    return " ".join(text.casefold().replace("ё", "е").split())


def searchable_text(text: str) -> str:
    """A name as search and the name sort see it: its words, normalized, one space apart."""
    return " ".join(re.findall(r"\w+", normalize_text(text)))[:MAX_SEARCHABLE_LENGTH]


def search_words(text: str) -> list[str]:
    """The words of `text` as search stores and matches them: normalized, unique, in order."""
    return list(dict.fromkeys(word[:MAX_WORD_LENGTH] for word in searchable_text(text).split()))


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string above every string that starts with `prefix` (byte order): the texts a
    search word starts are the range [prefix, this) of the word listings and of the facet index."""
    return prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))


def prefix_range(column: Any, term: str) -> list[ColumnElement[bool]]:
    """`column` starts with `term`, written as one index range (the search, the facets and the spelling
    read words so)."""
    return [column >= term, column < prefix_upper_bound(term)]


MIN_PART_LENGTH = 3


def word_parts(text: str) -> list[str]:
    """Each word of `text` and its endings of 3+ letters: what a search inside words matches as a
    word start ("смартфон" gives "смартфон", "мартфон", ..., "фон")."""
    words = search_words(text)
    parts = (word[start:] for word in words for start in range(max(1, len(word) - MIN_PART_LENGTH + 1)))
    return list(dict.fromkeys(parts))


# How well a search word matches where it is found; a product's relevance is the sum over the words
# asked of the best each finds. A name beats a description, a whole word (its start) beats the
# inside of a word: a word of the name > inside a word of the name > a word of the description.
NAME_WORD = 4
NAME_PART = 2
DESCRIPTION_WORD = 1
MAX_DESCRIPTION_WORDS = 300  # distinct words of a description that search reads, from its start
MAX_DESCRIPTION_TEXT = 20_000


def description_words(text: str) -> list[str]:
    """The distinct words of a description as search stores them (of 2+ letters: one letter starts too
    many words to find anything by)."""
    words = re.findall(r"\w+", normalize_text(text[:MAX_DESCRIPTION_TEXT]))
    return list(dict.fromkeys(word[:MAX_WORD_LENGTH] for word in words if len(word) > 1))[:MAX_DESCRIPTION_WORDS]


def weighted_words(name: str, description: str) -> dict[str, int]:
    """What a search word can start, with its weight: the name's words (NAME_WORD), the endings inside
    them (NAME_PART), the description's words (DESCRIPTION_WORD); a text found in several is weighed
    by the best."""
    weights = dict.fromkeys(description_words(description), DESCRIPTION_WORD)
    weights.update(dict.fromkeys(word_parts(name), NAME_PART))
    weights.update(dict.fromkeys(search_words(name), NAME_WORD))
    return weights


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
    # (attribute code, raw value) sorted by code; read against the attribute's kind by `facets`.
    attribute_filters: tuple[tuple[str, str], ...] = ()

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
            attribute_filters=_attribute_filters(params),
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
        for code, raw in self.attribute_filters:
            params[FACET_PREFIX + code] = raw
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

    def attribute_filter(self, code: str) -> str:
        return dict(self.attribute_filters).get(code, "")

    def with_attribute(self, code: str, raw: str) -> ProductQuery:
        """A copy filtering attribute `code` on `raw` (nothing for ""), back on the first page."""
        kept = {name: value for name, value in self.attribute_filters if name != code}
        if raw and _CODE.fullmatch(code):
            kept[code] = raw
        return self.with_changes(attribute_filters=tuple(sorted(kept.items())))

    @property
    def order(self) -> Sort:
        """The order the listing is in: relevance needs search words, without them it is the newest first."""
        return Sort.NEWEST if self.sort == Sort.RELEVANCE and not self.search_terms else self.sort

    @property
    def search_terms(self) -> list[str]:
        """Each is the start of a text a product must have (a word of its name or description, or the
        inside of a word of its name): the stem of a word asked for, so any form of it matches
        ("ноутбуки" finds "Ноутбук")."""
        if not self.text:  # a listing without words: asked several times per page, so spared the parsing
            return []
        return list(dict.fromkeys(stem(word) for word in search_words(self.text)))


def _attribute_filters(params: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for name in params:
        code = name[len(FACET_PREFIX) :] if isinstance(name, str) and name.startswith(FACET_PREFIX) else ""
        raw = _first(params.get(name))[:MAX_FACET_TEXT]
        if _CODE.fullmatch(code) and raw and len(found) < MAX_FACETS:
            found[code] = raw
    return tuple(sorted(found.items()))


def split_values(raw: str) -> list[str]:
    """The values of a choice filter, as `f.<code>=` joins them."""
    return list(dict.fromkeys(value.strip() for value in raw.split(",") if value.strip()))


def join_values(values: list[str]) -> str:
    return ",".join(values)


def number_range(raw: str) -> tuple[float | None, float | None]:
    """`low..high` as numbers (a bad or missing side is None); the sides are swapped when reversed."""
    low_text, _, high_text = raw.partition("..")
    low, high = _number(low_text), _number(high_text)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def _number(text: str) -> float | None:
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _plain(amount: Decimal) -> str:
    """An amount without needless zeros: 1500.00 -> "1500", 99.50 -> "99.5"."""
    return format(amount.normalize(), "f")
