"""Facets of a catalog view: each attribute's values with how many products each would find.

Each facet is counted with every filter of the view except its own, so the other values of a chosen
facet keep their counts and a shopper can widen the choice; a number attribute gives the range its
products span. One grouped statement per facet, driven by the smallest set at hand:
- with search words: the products of the rarest word (WordListing), their values looked up by key;
- with a choice of another facet: that choice's FacetListing rows, their values looked up by key;
- else: the facet's own FacetListing rows for the category, one index range in value order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlmodel import Session, col

from store_app.catalog.attribute_models import (
    ALL_CATALOG,
    FACETED,
    Attribute,
    AttributeKind,
    FacetListing,
    ProductAttributeValue,
)
from store_app.catalog.attributes import all_attributes, applicable_attributes, format_number, shown_value
from store_app.catalog.category_service import get_category_by_slug
from store_app.catalog.models import CategoryListing, Product, WordListing, WordPartListing
from store_app.catalog.query import ProductQuery, number_range, split_values

MAX_VALUES = 100  # per facet; a longer list is cut (the chosen ones stay)


@dataclasses.dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


@dataclasses.dataclass(frozen=True)
class Facet:
    code: str
    name: str
    kind: str
    unit: str
    values: list[FacetValue]  # a choice or yes/no
    low: float | None = None  # a number: the range the products span
    high: float | None = None
    chosen_low: float | None = None
    chosen_high: float | None = None

    @property
    def chosen(self) -> bool:
        return any(v.chosen for v in self.values) or self.chosen_low is not None or self.chosen_high is not None


@dataclasses.dataclass(frozen=True)
class _Filter:
    attribute: Attribute
    values: tuple[str, ...] = ()  # a choice or yes/no: any of them
    low: float | None = None  # a number
    high: float | None = None


_facets_table = FacetListing.__table__  # type: ignore[attr-defined]
_value = ProductAttributeValue.__table__  # type: ignore[attr-defined]
_listed = CategoryListing.__table__  # type: ignore[attr-defined]
_word = WordListing.__table__  # type: ignore[attr-defined]
_part = WordPartListing.__table__  # type: ignore[attr-defined]


def active_filters(query: ProductQuery, attributes: Sequence[Attribute]) -> list[_Filter]:
    """The view's attribute filters that name an attribute of the view (the others are ignored)."""
    by_code = {attribute.code: attribute for attribute in attributes}
    found = []
    for code, raw in query.attribute_filters:
        attribute = by_code.get(code)
        if attribute is None:
            continue
        if attribute.kind == AttributeKind.NUMBER:
            low, high = number_range(raw)
            if low is not None or high is not None:
                found.append(_Filter(attribute, low=low, high=high))
        elif attribute.kind in FACETED:
            values = tuple(split_values(raw))
            if values:
                found.append(_Filter(attribute, values=values))
    return found


def value_condition(filter_: _Filter, table: Any) -> ColumnElement[bool]:
    """A row of `table` (with `value` and `number`) matches the filter."""
    if filter_.values:
        return table.c.value.in_(filter_.values)
    parts = []
    if filter_.low is not None:
        parts.append(table.c.number >= filter_.low)
    if filter_.high is not None:
        parts.append(table.c.number <= filter_.high)
    return and_(*parts)


def has_value(filter_: _Filter, product_id: Any) -> ColumnElement[bool]:
    """The product has a value of the filter's attribute that matches (one key look-up)."""
    value = _value.alias()
    return exists().where(
        value.c.product_id == product_id,
        value.c.attribute_id == filter_.attribute.id,
        value_condition(filter_, value),
    )


def _prefix_range(column: Any, term: str) -> list[ColumnElement[bool]]:
    return [column >= term, column < term[:-1] + chr(min(ord(term[-1]) + 1, 0x10FFFF))]


def _has_word(product_id: Any, term: str, inside: bool) -> ColumnElement[bool]:
    word = (_part if inside else _word).alias()
    return exists().where(word.c.product_id == product_id, *_prefix_range(word.c.word, term))


def _common_conditions(
    query: ProductQuery, product_id: Any, price: Any, others: Sequence[_Filter]
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.min_price is not None:
        conditions.append(price >= query.min_price)
    if query.max_price is not None:
        conditions.append(price <= query.max_price)
    if query.in_stock:
        conditions.append(exists().where(col(Product.id) == product_id, col(Product.stock) > 0))
    conditions.extend(has_value(other, product_id) for other in others)
    return conditions


def _looked_up(value: Any) -> Any:
    """The value's attribute, written so no index serves it: the planner then reads the driving rows
    first and finds each product's value by its key, instead of reading every product's value of the
    attribute and probing the (much smaller) driving set."""
    return value.c.attribute_id + 0


def _grouped(
    query: ProductQuery,
    category_id: int,
    attribute: Attribute,
    others: list[_Filter],
    listed_ids: set[int],
    inside: bool,
) -> Any:
    """SELECT value, count, min(number), max(number) for `attribute` under every filter in `others`
    (`listed_ids`: the attributes FacetListing holds for the category)."""
    terms = sorted(query.search_terms, key=len, reverse=True)
    choice = next((other for other in others if other.values and other.attribute.id in listed_ids), None)
    if terms:
        # The rarest word's products; each has its value of the facet by key.
        word, value = (_part if inside else _word).alias(), _value.alias()
        conditions = [*_prefix_range(word.c.word, terms[0]), _looked_up(value) == attribute.id]
        conditions += [_has_word(word.c.product_id, term, inside) for term in terms[1:]]
        if category_id != ALL_CATALOG:
            listed = _listed.alias()
            conditions.append(
                exists().where(listed.c.category_id == category_id, listed.c.product_id == word.c.product_id)
            )
        conditions += _common_conditions(query, word.c.product_id, word.c.sale_price, others)
        source = word.join(value, value.c.product_id == word.c.product_id)
        counted = func.count(word.c.product_id.distinct())  # a product may have two words in the range
        return (
            select(value.c.value, counted, func.min(value.c.number), func.max(value.c.number))
            .select_from(source)
            .where(*conditions)
            .group_by(value.c.value)
        )
    if choice is not None:
        # The products of another facet's choice (few, as choices narrow); the facet's value by key.
        driver, value = _facets_table.alias(), _value.alias()
        rest = [other for other in others if other is not choice]
        conditions = [
            driver.c.category_id == category_id,
            driver.c.attribute_id == choice.attribute.id,
            value_condition(choice, driver),
            _looked_up(value) == attribute.id,
            *_common_conditions(query, driver.c.product_id, driver.c.sale_price, rest),
        ]
        source = driver.join(value, value.c.product_id == driver.c.product_id)
        return (
            select(value.c.value, func.count(), func.min(value.c.number), func.max(value.c.number))
            .select_from(source)
            .where(*conditions)
            .group_by(value.c.value)
        )
    facet = _facets_table.alias()
    conditions = [
        facet.c.category_id == category_id,
        facet.c.attribute_id == attribute.id,
        *_common_conditions(query, facet.c.product_id, facet.c.sale_price, others),
    ]
    return (
        select(facet.c.value, func.count(), func.min(facet.c.number), func.max(facet.c.number))
        .where(*conditions)
        .group_by(facet.c.value)
    )


def _facet(attribute: Attribute, rows: list[Any], own: _Filter | None) -> Facet:
    if attribute.kind == AttributeKind.NUMBER:
        lows = [row[2] for row in rows if row[2] is not None]
        highs = [row[3] for row in rows if row[3] is not None]
        return Facet(
            code=attribute.code,
            name=attribute.name,
            kind=attribute.kind,
            unit=attribute.unit,
            values=[],
            low=min(lows) if lows else None,
            high=max(highs) if highs else None,
            chosen_low=own.low if own else None,
            chosen_high=own.high if own else None,
        )
    counts = {row[0]: int(row[1]) for row in rows}
    chosen = set(own.values) if own else set()
    order = attribute.options if attribute.kind == AttributeKind.CHOICE else ["1", "0"]
    listed = [value for value in order if value in counts or value in chosen]
    listed += sorted(value for value in counts if value not in order)  # an option renamed since
    shown = [value for value in listed if value in chosen] + [value for value in listed if value not in chosen]
    kept = set(shown[:MAX_VALUES]) | chosen
    values = [
        FacetValue(value=value, label=shown_value(attribute, value), count=counts.get(value, 0), chosen=value in chosen)
        for value in listed
        if value in kept
    ]
    return Facet(code=attribute.code, name=attribute.name, kind=attribute.kind, unit=attribute.unit, values=values)


def view_attributes(session: Session, query: ProductQuery) -> tuple[int | None, list[Attribute]]:
    """(the FacetListing category of the view, its attributes): the category's and those above it,
    or, with no category, those of every product. None when the category does not exist."""
    if not query.category:
        return ALL_CATALOG, [a for a in applicable_attributes(session, []) if a.kind != AttributeKind.TEXT]
    category = get_category_by_slug(session=session, slug=query.category)
    if category is None or category.id is None:
        return None, []
    return category.id, [a for a in applicable_attributes(session, [category.id]) if a.kind != AttributeKind.TEXT]


def facet_counts(*, session: Session, query: ProductQuery, inside: bool = False) -> list[Facet]:
    """Every facet of the view with its counts (empty facets left out unless chosen); `inside`: the
    search words are looked for inside the names' words, as the listing did when none started one."""
    category_id, attributes = view_attributes(session, query)
    if category_id is None:
        return []
    # Every filter the listing applies counts, even one of an attribute the view does not show.
    filters = active_filters(query, list(all_attributes(session).values()))
    listed_ids = {attribute.id for attribute in attributes if attribute.id is not None}
    facets = []
    for attribute in attributes:
        own = next((f for f in filters if f.attribute.id == attribute.id), None)
        others = [f for f in filters if f is not own]
        rows = list(session.execute(_grouped(query, category_id, attribute, others, listed_ids, inside)))
        facet = _facet(attribute, rows, own)
        if facet.values or facet.low is not None or facet.chosen:
            facets.append(facet)
    return facets


def range_text(low: float | None, high: float | None) -> str:
    """A number filter as the URL writes it: `low..high`, either side empty."""
    if low is None and high is None:
        return ""
    return f"{'' if low is None else format_number(low)}..{'' if high is None else format_number(high)}"
