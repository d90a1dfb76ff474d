"""Facets of a catalog view: each attribute's values with how many products each would find.

Each facet is counted with every filter of the view except its own, so the other values of a chosen
facet keep their counts and a shopper can widen the choice; a number attribute gives the range its
products span. In SQL, the facets without a filter of their own share every filter, so they are counted
together in one grouped statement; each facet with one of its own gets a statement of its own.
Each statement is driven by the smallest set at hand:
- with search words: the products of the rarest word (WordListing), their values looked up by key;
- with a choice of another facet: that choice's FacetListing rows, their values looked up by key;
- else: the facets' own FacetListing rows for the category, one index range in value order.
A worker that keeps a facet index (`facet_index/keeper.py`, from start-up on) counts with it instead,
by ANDs and popcounts of sets of products (the search words' too), while it is as new as the
database; the statements above answer meanwhile, and a view filtered on stock. The counts are kept
per filter set until a catalog write commits (`listing_counts.kept`); names and labels are made
afresh on each call, in the language being served.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, exists, func, select
from sqlmodel import Session, col

from store_app.catalog import listing_counts
from store_app.catalog.attribute_models import (
    ALL_CATALOG,
    FACETED,
    Attribute,
    AttributeKind,
    FacetListing,
    ProductAttributeValue,
)
from store_app.catalog.attributes import all_attributes, applicable_attributes, format_number, shown_value
from store_app.catalog.category_service import CategoryTree
from store_app.catalog.facet_index import keeper as facet_index_keeper
from store_app.catalog.facet_index.index import FacetIndex
from store_app.catalog.models import Category, CategoryListing, Product, WordListing, WordPartListing
from store_app.catalog.names import attribute_name, attribute_unit, option_names
from store_app.catalog.query import ProductQuery, number_range, prefix_range, split_values

MAX_VALUES = 100  # per facet; a longer list is cut (the chosen ones stay)
Row = tuple[str, int, float | None, float | None]  # a value, its count, the lowest and highest number


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
class AttributeFilter:
    attribute: Attribute
    values: tuple[str, ...] = ()  # a choice or yes/no: any of them
    low: float | None = None  # a number
    high: float | None = None


_facets_table = FacetListing.__table__  # type: ignore[attr-defined]
_value = ProductAttributeValue.__table__  # type: ignore[attr-defined]
_listed = CategoryListing.__table__  # type: ignore[attr-defined]
_word = WordListing.__table__  # type: ignore[attr-defined]
_part = WordPartListing.__table__  # type: ignore[attr-defined]


def active_filters(query: ProductQuery, attributes: Sequence[Attribute]) -> list[AttributeFilter]:
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
                found.append(AttributeFilter(attribute, low=low, high=high))
        elif attribute.kind in FACETED:
            values = tuple(split_values(raw))
            if values:
                found.append(AttributeFilter(attribute, values=values))
    return found


def value_condition(filter_: AttributeFilter, table: Any) -> ColumnElement[bool]:
    """A row of `table` (with `value` and `number`) matches the filter."""
    if filter_.values:
        return table.c.value.in_(filter_.values)
    parts = []
    if filter_.low is not None:
        parts.append(table.c.number >= filter_.low)
    if filter_.high is not None:
        parts.append(table.c.number <= filter_.high)
    return and_(*parts)


def has_value(filter_: AttributeFilter, product_id: Any) -> ColumnElement[bool]:
    """The product has a value of the filter's attribute that matches (one key look-up)."""
    value = _value.alias()
    return exists().where(
        value.c.product_id == product_id,
        value.c.attribute_id == filter_.attribute.id,
        value_condition(filter_, value),
    )


def _has_word(product_id: Any, term: str, inside: bool) -> ColumnElement[bool]:
    word = (_part if inside else _word).alias()
    return exists().where(word.c.product_id == product_id, *prefix_range(word.c.word, term))


def _common_conditions(
    query: ProductQuery, product_id: Any, price: Any, others: Sequence[AttributeFilter]
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


def _looked_up(value: Any, product_id: Any, attribute_ids: list[int]) -> ColumnElement[bool]:
    """The driving product's values of `attribute_ids`, written so that no index on the attribute
    serves them: the planner then reads the driving rows first and finds each product's values by
    its key, instead of reading every product's value of the attribute and probing the (much
    smaller) driving set. One attribute is compared with an expression of the driving row, so the
    lookup is the exact (product, attribute) key; several are the product's key range, filtered."""
    if len(attribute_ids) == 1:
        return value.c.attribute_id == product_id * 0 + attribute_ids[0]
    return (value.c.attribute_id + 0).in_(attribute_ids)


def _grouped(
    query: ProductQuery,
    category_id: int,
    attribute_ids: list[int],
    others: list[AttributeFilter],
    listed_ids: set[int],
    inside: bool,
) -> Any:
    """SELECT attribute, value, count, min(number), max(number) for each of `attribute_ids` under every
    filter in `others` (`listed_ids`: the attributes FacetListing holds for the category). One
    statement for every facet that shares the filters: a driving product's values are one key range."""
    terms = sorted(query.search_terms, key=len, reverse=True)
    choice = next((other for other in others if other.values and other.attribute.id in listed_ids), None)
    if terms:
        # The rarest word's products; each has its values of the facets by key.
        word, value = (_part if inside else _word).alias(), _value.alias()
        conditions = [*prefix_range(word.c.word, terms[0]), _looked_up(value, word.c.product_id, attribute_ids)]
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
            select(value.c.attribute_id, value.c.value, counted, func.min(value.c.number), func.max(value.c.number))
            .select_from(source)
            .where(*conditions)
            .group_by(value.c.attribute_id, value.c.value)
        )
    if choice is not None:
        # The products of another facet's choice (few, as choices narrow); the facets' values by key.
        driver, value = _facets_table.alias(), _value.alias()
        rest = [other for other in others if other is not choice]
        conditions = [
            driver.c.category_id == category_id,
            driver.c.attribute_id == choice.attribute.id,
            value_condition(choice, driver),
            _looked_up(value, driver.c.product_id, attribute_ids),
            *_common_conditions(query, driver.c.product_id, driver.c.sale_price, rest),
        ]
        source = driver.join(value, value.c.product_id == driver.c.product_id)
        return (
            select(
                value.c.attribute_id, value.c.value, func.count(), func.min(value.c.number), func.max(value.c.number)
            )
            .select_from(source)
            .where(*conditions)
            .group_by(value.c.attribute_id, value.c.value)
        )
    facet = _facets_table.alias()
    conditions = [
        facet.c.category_id == category_id,
        facet.c.attribute_id.in_(attribute_ids),
        *_common_conditions(query, facet.c.product_id, facet.c.sale_price, others),
    ]
    return (
        select(facet.c.attribute_id, facet.c.value, func.count(), func.min(facet.c.number), func.max(facet.c.number))
        .where(*conditions)
        .group_by(facet.c.attribute_id, facet.c.value)
    )


def _facet(attribute: Attribute, rows: list[Row], own: AttributeFilter | None) -> Facet:
    if attribute.kind == AttributeKind.NUMBER:
        lows = [low for _value, _count, low, _high in rows if low is not None]
        highs = [high for _value, _count, _low, high in rows if high is not None]
        return Facet(
            code=attribute.code,
            name=attribute_name(attribute),
            kind=attribute.kind,
            unit=attribute_unit(attribute),
            values=[],
            low=min(lows) if lows else None,
            high=max(highs) if highs else None,
            chosen_low=own.low if own else None,
            chosen_high=own.high if own else None,
        )
    counts = {value: count for value, count, _low, _high in rows}
    chosen = set(own.values) if own else set()
    order = attribute.options if attribute.kind == AttributeKind.CHOICE else ["1", "0"]
    listed = [value for value in order if value in counts or value in chosen]
    listed += sorted(value for value in counts if value not in order)  # an option renamed since
    shown = [value for value in listed if value in chosen] + [value for value in listed if value not in chosen]
    kept = set(shown[:MAX_VALUES]) | chosen
    names = option_names(attribute)
    values = [
        FacetValue(
            value=value, label=shown_value(attribute, value, names), count=counts.get(value, 0), chosen=value in chosen
        )
        for value in listed
        if value in kept
    ]
    return Facet(
        code=attribute.code,
        name=attribute_name(attribute),
        kind=attribute.kind,
        unit=attribute_unit(attribute),
        values=values,
    )


def _category_and_above_statement() -> Any:
    """The category of :slug and the categories above it (not the whole tree: the facets need the
    path only). UNION, not UNION ALL, ends a loop. Built once: building it costs more than running it."""
    above = select(col(Category.id), col(Category.parent_id)).where(col(Category.slug) == bindparam("slug"))
    path = above.cte("above", recursive=True)
    path = path.union(select(col(Category.id), col(Category.parent_id)).where(col(Category.id) == path.c.parent_id))
    return select(Category).where(col(Category.id).in_(select(path.c.id)))


_CATEGORY_AND_ABOVE = _category_and_above_statement()


def _view(session: Session, slug: str) -> tuple[int | None, list[Attribute]]:
    if slug:
        found = tuple(session.scalars(_CATEGORY_AND_ABOVE, {"slug": slug}))
        category = next((category for category in found if category.slug == slug), None)
        if category is None or category.id is None:
            return None, []
        category_id, attributes = category.id, applicable_attributes(session, [category.id], CategoryTree(found))
    else:
        category_id, attributes = ALL_CATALOG, applicable_attributes(session, [], CategoryTree(()))
    # Copies in no session: they are kept for other requests, and the caller's commit would expire them.
    return category_id, [Attribute(**a.model_dump()) for a in attributes if a.kind != AttributeKind.TEXT]


def _every_attribute(session: Session) -> list[Attribute]:
    """Every attribute (copies in no session), kept until the catalog changes like the view's."""

    def every() -> list[Attribute]:
        return [Attribute(**attribute.model_dump()) for attribute in all_attributes(session).values()]

    return listing_counts.kept(session, "attributes", ProductQuery(), every)


def view_attributes(session: Session, query: ProductQuery) -> tuple[int | None, list[Attribute]]:
    """(the FacetListing category of the view, its attributes): the category's and those above it,
    or, with no category, those of every product. None when the category does not exist. Kept per
    category until the catalog changes, like the counts (the attributes are copies: read, never write)."""
    view = ProductQuery(category=query.category)
    return listing_counts.kept(session, "view", view, lambda: _view(session, query.category))


def _counted(
    session: Session,
    query: ProductQuery,
    category_id: int,
    attributes: list[Attribute],
    filters: list[AttributeFilter],
    inside: bool,
) -> dict[int, list[Row]]:
    """(value, count, lowest number, highest number) rows by attribute: one statement for the facets
    without a filter of their own (they share every filter), one for each facet that has one."""
    listed_ids = {attribute.id for attribute in attributes if attribute.id is not None}
    own_ids = {f.attribute.id for f in filters}
    groups = [([a.id for a in attributes if a.id is not None and a.id not in own_ids], filters)]
    groups += [([f.attribute.id], [o for o in filters if o is not f]) for f in filters if f.attribute.id in listed_ids]
    found: dict[int, list[Row]] = {attribute_id: [] for attribute_id in listed_ids}
    for attribute_ids, others in groups:
        if not attribute_ids:
            continue
        statement = _grouped(query, category_id, attribute_ids, others, listed_ids, inside)  # type: ignore[arg-type]
        for attribute_id, value, count, low, high in session.execute(statement):
            found[attribute_id].append((value, int(count), low, high))
    return found


def facet_counts(*, session: Session, query: ProductQuery, inside: bool = False) -> list[Facet]:
    """Every facet of the view with its counts (empty facets left out unless chosen); `inside`: the
    search words are looked for inside the names' words, as the listing did when none started one.
    Counted by this process's facet index when it is as new as the database (`facet_index/keeper.py`),
    else in SQL; kept per filter set until the catalog changes (`listing_counts.kept`)."""
    index = facet_index_keeper.current_index(session)
    return facets_of(session=session, query=query, inside=inside, index=index)


def facets_of(*, session: Session, query: ProductQuery, inside: bool = False, index: FacetIndex | None) -> list[Facet]:
    """`facet_counts` counted by `index`, or in SQL when it is None or the view filters on stock
    (stock changes with every order, which the index does not follow): the same facets either way."""
    category_id, attributes = view_attributes(session, query)
    if category_id is None:
        return []
    # Every filter the listing applies counts, even one of an attribute the view does not show.
    filters = active_filters(query, _every_attribute(session)) if query.attribute_filters else []

    def count() -> dict[int, list[Row]]:
        if index is None or query.in_stock:
            return _counted(session, query, category_id, attributes, filters, inside)
        found = index.words.found(query.search_terms, inside=inside) if query.search_terms else None
        return index.counted(
            category_id=category_id,
            attributes=attributes,
            filters=filters,
            min_price=query.min_price,
            max_price=query.max_price,
            found=found,
        )

    counted = listing_counts.kept(session, "facets", query, count, inside=inside)
    facets = []
    for attribute in attributes:
        own = next((f for f in filters if f.attribute.id == attribute.id), None)
        facet = _facet(attribute, counted.get(attribute.id or 0, []), own)
        if facet.values or facet.low is not None or facet.chosen:
            facets.append(facet)
    return facets


def range_text(low: float | None, high: float | None) -> str:
    """A number filter as the URL writes it: `low..high`, either side empty."""
    if low is None and high is None:
        return ""
    return f"{'' if low is None else format_number(low)}..{'' if high is None else format_number(high)}"
