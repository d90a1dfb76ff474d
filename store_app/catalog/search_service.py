"""The catalog listing (SPEC B3): filters, sorting and pages, shared by the pages and the REST API.

A listing reads from one of three sources, each with the same columns (product id, created,
price a shopper pays, folded name): a category's rows of CategoryListing (its whole subtree is
already there), the rows of one search word in WordListing, or the active products themselves.
Counting and ordering then stay inside one index range; the remaining filters (more words, stock)
look up single rows.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, FromClause, exists, func, or_, select
from sqlmodel import Session, col

from store_app.catalog import listing_counts
from store_app.catalog.attributes import all_attributes
from store_app.catalog.category_service import get_category_by_slug
from store_app.catalog.facets import active_filters, has_value
from store_app.catalog.models import (
    ACTIVE,
    SALE_PRICE,
    Category,
    CategoryListing,
    Product,
    WordListing,
    WordPartListing,
)
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.spelling import corrected_text
from store_app.catalog.word_forms import other_layout


@dataclasses.dataclass(frozen=True)
class ProductPage:
    """One page of results; `query` is what was answered (its page clamped to the pages there are)."""

    items: list[Product]
    total: int
    page: int
    pages: int
    query: ProductQuery
    category: Category | None = None  # the category filtered on, when it exists
    searched_text: str = ""  # the words actually searched, when the ones asked for found nothing
    inside: bool = False  # the words were found inside the names' words, none at a word's start

    @property
    def answered(self) -> ProductQuery:
        """The query as it was answered: with the words actually searched (for the facets of the page)."""
        return self.query.with_changes(text=self.searched_text or self.query.text, page=self.page)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclasses.dataclass(frozen=True)
class _Source:
    table: FromClause
    product_id: Any
    created_at: Any
    sale_price: Any
    sort_name: Any
    conditions: list[ColumnElement[bool]]
    repeats_products: bool = False  # one product may have several words in a prefix range


def _prefix_upper_bound(prefix: str) -> str:
    """The smallest string above every string that starts with `prefix` (byte order)."""
    return prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))


def _word_range(word_column: Any, term: str) -> list[ColumnElement[bool]]:
    return [word_column >= term, word_column < _prefix_upper_bound(term)]


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _starts_a_word(searchable: Any, term: str) -> ColumnElement[bool]:
    """`term` starts one of the words of a searchable text (words are one space apart)."""
    escaped = _escaped(term)
    return or_(searchable.like(f"{escaped}%", escape="\\"), searchable.like(f"% {escaped}%", escape="\\"))


def _inside_a_word(searchable: Any, term: str) -> ColumnElement[bool]:
    """`term` is anywhere in a searchable text (the search inside words)."""
    return searchable.like(f"%{_escaped(term)}%", escape="\\")


def _source(query: ProductQuery, category: Category | None, inside: bool) -> _Source:
    """`inside`: the words are looked for inside the name's words (WordPartListing), not at their start."""
    terms = sorted(query.search_terms, key=len, reverse=True)  # the longest word is likely the rarest
    if category is not None:
        table = CategoryListing.__table__  # type: ignore[attr-defined]
        conditions = [table.c.category_id == category.id]
    elif terms:
        table = (WordPartListing if inside else WordListing).__table__  # type: ignore[attr-defined]
        conditions = _word_range(table.c.word, terms.pop(0))
    else:
        table = Product.__table__  # type: ignore[attr-defined]
        return _Source(table, table.c.id, table.c.created_at, SALE_PRICE, table.c.search_text, [ACTIVE])
    source = _Source(
        table, table.c.product_id, table.c.created_at, table.c.sale_price, table.c.sort_name, conditions, not category
    )
    # Every other word is checked on the row's own text: no look-up per product.
    matches = _inside_a_word if inside else _starts_a_word
    source.conditions.extend(matches(source.sort_name, term) for term in terms)
    return source


def _filtered(session: Session, query: ProductQuery, category: Category | None, inside: bool) -> _Source:
    source = _source(query, category, inside)
    if query.attribute_filters:  # each a key look-up of the product's value
        filters = active_filters(query, list(all_attributes(session).values()))
        source.conditions.extend(has_value(filter_, source.product_id) for filter_ in filters)
    if query.min_price is not None:
        source.conditions.append(source.sale_price >= query.min_price)
    if query.max_price is not None:
        source.conditions.append(source.sale_price <= query.max_price)
    if query.in_stock:
        if source.table is Product.__table__:  # type: ignore[attr-defined]
            source.conditions.append(col(Product.stock) > 0)
        else:  # stock changes with every order, so it is read from the product itself
            source.conditions.append(exists().where(col(Product.id) == source.product_id, col(Product.stock) > 0))
    return source


def _order(source: _Source, sort: Sort) -> tuple[Any, ...]:
    return {
        Sort.NEWEST: (source.created_at.desc(), source.product_id.desc()),
        Sort.PRICE_ASC: (source.sale_price.asc(), source.product_id.asc()),
        Sort.PRICE_DESC: (source.sale_price.desc(), source.product_id.desc()),
        # The folded name, so names sort regardless of case and ё.
        Sort.NAME: (source.sort_name.asc(), source.product_id.asc()),
    }[sort]


def _count(session: Session, source: _Source) -> int:
    counted = func.count(source.product_id.distinct()) if source.repeats_products else func.count()
    return session.execute(select(counted).select_from(source.table).where(*source.conditions)).scalar_one()


def _page_ids(session: Session, source: _Source, query: ProductQuery, page: int) -> list[int]:
    order = _order(source, query.sort)
    ids_query = select(source.product_id, *[clause.element for clause in order]).select_from(source.table)
    ids_query = ids_query.where(*source.conditions).order_by(*order)
    if source.repeats_products:
        ids_query = ids_query.distinct()  # the sort keys are the product's own, so rows repeat whole
    ids_query = ids_query.offset((page - 1) * query.page_size).limit(query.page_size)
    return [row[0] for row in session.execute(ids_query)]


def search_products(*, session: Session, query: ProductQuery) -> ProductPage:
    """Active products matching every filter: each search word (any of its Russian forms) starts a
    word of the name, the category or any category below it, the price a shopper pays within the
    range, in stock when asked, each specification filter (any chosen value, within a range). Words
    that start no word are looked for inside words ("фон" finds "Смартфон"), then read again as typed
    in the other keyboard layout, then with one typo corrected per word of 5+ letters."""
    found = _search(session, query)
    if found.total or not query.search_terms:
        return found
    inside = _search(session, query, inside=True)
    if inside.total:
        return inside
    for retry in _retries(session, query.text):
        page = _search(session, query.with_changes(text=retry, page=query.page))
        if page.total:
            return dataclasses.replace(
                page, query=page.query.with_changes(text=query.text, page=page.page), searched_text=retry
            )
    return found


def _retries(session: Session, text: str) -> Iterator[str]:
    swapped = other_layout(text)
    if swapped != text:
        yield swapped
    for candidate in dict.fromkeys([text, swapped] if swapped != text else [text]):
        corrected = corrected_text(session, candidate)
        if corrected is not None:
            yield corrected


def _search(session: Session, query: ProductQuery, *, inside: bool = False) -> ProductPage:
    category = get_category_by_slug(session=session, slug=query.category) if query.category else None
    if query.category and category is None:
        return ProductPage(items=[], total=0, page=1, pages=1, query=query.with_changes(page=1))
    source = _filtered(session, query, category, inside)
    total = listing_counts.cached_count(session, query, lambda: _count(session, source), inside=inside)
    pages = max(1, math.ceil(total / query.page_size))
    page = min(query.page, pages)
    ids = _page_ids(session, source, query, page) if total else []
    rows = {p.id: p for p in session.scalars(select(Product).where(col(Product.id).in_(ids)))} if ids else {}
    items = [rows[product_id] for product_id in ids if product_id in rows]
    return ProductPage(
        items=items,
        total=total,
        page=page,
        pages=pages,
        query=query.with_changes(page=page),
        category=category,
        inside=inside,
    )
