"""The facet index: the catalog's facets held in this process as sets of products (`bitsets.py`), so
a view's counts are ANDs and popcounts of ints instead of statements over FacetListing.

Built from one version of the catalog (read first, so every row read after it is at least that new)
and used only while the database is at that version (`keeper.py`). It holds:
- a dense position for each active product, in category order (the tree walked depth first, each
  product after the last of its categories in that walk), so one section's products lie together;
- the positions in the listings' own orders, the newest first and by price (`listing_order.py`), so
  a listing without search words reads its total and page here too (`indexed_listing`);
- per category, its whole subtree's products as CategoryListing has them (ALL_CATALOG: every active
  product);
- per choice or yes/no attribute and value, the active products with that value;
- per number attribute, and for the price a shopper pays (SALE_PRICE, in kopecks), a `Ranked`;
- per text a search word may start, its products per weight (`words.py`), and the positions in
  product id order (`id_order.py`), so a search's total, levels of relevance and page are read here.
A view's mask is the AND of its category, its search words' products, its price range and each
attribute filter; a facet counts with the mask of every filter but its own, as the SQL path does.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session

from store_app.catalog import listing_counts
from store_app.catalog.attribute_models import ALL_CATALOG, FACETED, Attribute, AttributeKind, ProductAttributeValue
from store_app.catalog.category_service import CategoryTree, load_category_tree
from store_app.catalog.facet_index.bitsets import Bits, Ranked, packed
from store_app.catalog.facet_index.id_order import IdOrder
from store_app.catalog.facet_index.listing_order import ListingOrder
from store_app.catalog.facet_index.rows import positions, streamed
from store_app.catalog.facet_index.words import WordIndex, build_words
from store_app.catalog.models import ACTIVE, SALE_PRICE, CategoryListing, Product

if TYPE_CHECKING:
    from store_app.catalog.facets import AttributeFilter, Row

_listed_table = CategoryListing.__table__  # type: ignore[attr-defined]
_value_table = ProductAttributeValue.__table__  # type: ignore[attr-defined]
_attribute_table = Attribute.__table__  # type: ignore[attr-defined]

KOPECKS = Decimal(100)
# Every view with a price range reads the price ranking: its 256 buckets' prefixes (3.2 MB at 100,000
# products) keep the slices it packs short (400 products).
PRICE_PREFIX_BYTES = 4 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class FacetIndex:
    version: int  # the catalog version it was built from
    size: int  # active products
    place: array  # by product id: its position, or -1 (inactive or gone)
    categories: dict[int, Bits]
    values: dict[int, dict[str, Bits]]  # attribute id -> value -> products
    numbers: dict[int, Ranked]  # attribute id -> products by number
    prices: Ranked  # products by the price a shopper pays, in kopecks
    words: WordIndex  # the search words' products
    order: IdOrder  # positions in product id order
    by_created: ListingOrder  # (created, id) ascending: the newest first read backwards
    by_price: ListingOrder  # (the price a shopper pays, id) ascending
    category_ids: dict[str, int]  # by slug

    def listed(
        self,
        *,
        category_id: int,
        filters: Sequence[AttributeFilter],
        min_price: Decimal | None,
        max_price: Decimal | None,
    ) -> int | None:
        """The products a listing without search words finds (its category, price range and every
        filter); None: every active product."""
        if category_id == ALL_CATALOG and min_price is None and max_price is None and not filters:
            return None
        return _all_of(self._category(category_id) & self._priced(min_price, max_price), map(self._matching, filters))

    def products(self, product_ids: Iterable[int]) -> int:
        """The set of the active ones among `product_ids` (repeats are fine): a set of products read
        in SQL, as a facets module from before the word index (a benchmark's baseline) reads a search."""
        return packed(positions(self.place, product_ids))

    def counted(
        self,
        *,
        category_id: int,
        attributes: Sequence[Attribute],
        filters: Sequence[AttributeFilter],
        min_price: Decimal | None,
        max_price: Decimal | None,
        found: int | None,
    ) -> dict[int, list[Row]]:
        """(value, count, lowest, highest number) rows by attribute, as `facets._counted` gives them;
        `found`: the products of the search words (None: no words)."""
        base = self._category(category_id) & self._priced(min_price, max_price)
        if found is not None:
            base &= found
        matching = [self._matching(filter_) for filter_ in filters]
        every = _all_of(base, matching)
        rows: dict[int, list[Row]] = {}
        for attribute in attributes:
            own = next((n for n, f in enumerate(filters) if f.attribute.id == attribute.id), None)
            mask = every if own is None else _all_of(base, matching[:own] + matching[own + 1 :])
            rows[attribute.id or 0] = self._rows(attribute, mask)
        return rows

    def searched(
        self,
        *,
        terms: Sequence[str],
        category_id: int,
        filters: Sequence[AttributeFilter],
        min_price: Decimal | None,
        max_price: Decimal | None,
    ) -> dict[int, int]:
        """The products a search finds (every word, the category, the price range, every filter), by
        relevance, as the listing ranks them (`words.WordIndex.levels`)."""
        mask = _all_of(self._category(category_id) & self._priced(min_price, max_price), map(self._matching, filters))
        return self.words.levels(terms, mask)

    def _category(self, category_id: int) -> int:
        if category_id == ALL_CATALOG:
            return (1 << self.size) - 1
        found = self.categories.get(category_id)
        return found.whole() if found else 0

    def _priced(self, low: Decimal | None, high: Decimal | None) -> int:
        if low is None and high is None:
            return (1 << self.size) - 1
        return self.prices.between(
            None if low is None else int((low * KOPECKS).to_integral_value(ROUND_CEILING)),
            None if high is None else int((high * KOPECKS).to_integral_value(ROUND_FLOOR)),
        )

    def _matching(self, filter_: AttributeFilter) -> int:
        """The products a filter lets through: any of its values, or its number range."""
        if filter_.values:
            values = self.values.get(filter_.attribute.id or 0, {})
            found = 0
            for value in filter_.values:
                if value in values:
                    found |= values[value].whole()
            return found
        ranked = self.numbers.get(filter_.attribute.id or 0)
        return ranked.between(filter_.low, filter_.high) if ranked else 0

    def _rows(self, attribute: Attribute, mask: int) -> list[Row]:
        if attribute.kind == AttributeKind.NUMBER:
            ranked = self.numbers.get(attribute.id or 0)
            span = ranked.span(mask) if ranked else None
            return [] if span is None else [("", 0, span[0], span[1])]
        rows: list[Row] = []
        for value, products in self.values.get(attribute.id or 0, {}).items():
            if count := products.count(mask):
                rows.append((value, count, None, None))
        return rows


def _all_of(base: int, sets: Iterable[int]) -> int:
    for found in sets:
        base &= found
    return base


def _listed(session: Session) -> dict[int, array]:
    """Each category's products (its subtree's, as CategoryListing holds them), read in key order."""
    rows = select(_listed_table.c.category_id, _listed_table.c.product_id).order_by(_listed_table.c.category_id)
    grouped = groupby(streamed(session, rows), itemgetter(0))
    return {category_id: array("i", map(itemgetter(1), group)) for category_id, group in grouped}


def _places(tree: CategoryTree, listed: dict[int, array], product_ids: list[int]) -> array:
    """Each active product's position, in category order (see the module), by product id."""
    walk = [category.id for category, _depth in tree.walk_all()]
    order = dict.fromkeys(product_ids, len(walk))  # no category: at the end
    for rank, category_id in enumerate(walk):
        order.update(dict.fromkeys(listed.get(category_id or 0, ()), rank))
    place = array("i", [-1]) * (max(product_ids, default=0) + 1)
    for position, product_id in enumerate(sorted(product_ids, key=lambda p: (order[p], p))):
        place[product_id] = position
    return place


def _value_sets(session: Session, place: array, attribute_ids: list[int]) -> dict[int, dict[str, Bits]]:
    """The active products of each value of these choices and yes/no, read in the order of their index."""
    value = _value_table.c
    rows = (
        select(value.attribute_id, value.value, value.product_id)
        .where(value.attribute_id.in_(attribute_ids))
        .order_by(value.attribute_id, value.value)
    )
    values: dict[int, dict[str, Bits]] = {}
    for (attribute_id, text), group in groupby(streamed(session, rows), itemgetter(0, 1)):
        if found := positions(place, map(itemgetter(2), group)):
            values.setdefault(attribute_id, {})[text] = Bits.of(found)
    return values


def _rankings(session: Session, place: array, attribute_ids: list[int]) -> dict[int, Ranked]:
    """The active products of each of these number attributes, by number."""
    value = _value_table.c
    rows = select(value.attribute_id, value.number, value.product_id).where(
        value.attribute_id.in_(attribute_ids), value.number.is_not(None)
    )
    entries: dict[int, list[tuple[float, int]]] = {}
    known = len(place)
    for attribute_id, number, product_id in streamed(session, rows):
        if product_id < known and (position := place[product_id]) >= 0:
            entries.setdefault(attribute_id, []).append((number, position))
    return {attribute_id: Ranked.of(found) for attribute_id, found in entries.items()}


def build_index(session: Session) -> FacetIndex:
    """The facet index of the catalog as `session` reads it now (seconds at 100,000 products)."""
    version = listing_counts.catalog_version(session)
    columns = (Product.id, SALE_PRICE, Product.created_at)
    priced = session.execute(select(*columns).where(ACTIVE)).all()  # type: ignore[call-overload]
    listed = _listed(session)
    tree = load_category_tree(session=session)
    place = _places(tree, listed, [product_id for product_id, _price, _created in priced])
    categories = {category_id: Bits.of(positions(place, found)) for category_id, found in listed.items()}
    kinds = dict(session.execute(select(_attribute_table.c.id, _attribute_table.c.kind)).tuples().all())
    values = _value_sets(session, place, [a for a, kind in kinds.items() if kind in FACETED])
    numbers = _rankings(session, place, [a for a, kind in kinds.items() if kind == AttributeKind.NUMBER])
    kopecks = [(round(price * 100), place[product_id]) for product_id, price, _created in priced]
    prices = Ranked.of(kopecks, "q", PRICE_PREFIX_BYTES)
    words = build_words(session, place)
    order = IdOrder.of(place, len(priced))
    by_created = ListingOrder.of((created, product_id, place[product_id]) for product_id, _price, created in priced)
    by_price = ListingOrder.of((price, product_id, place[product_id]) for product_id, price, _created in priced)
    slugs = {category.slug: category.id or 0 for category in tree.categories}
    return FacetIndex(
        version, len(priced), place, categories, values, numbers, prices, words, order, by_created, by_price, slugs
    )
