"""A listing without search words answered by the worker's facet index (`facet_index/`): its total is a
popcount and its page's ids are read in the listing's order (`listing_order.py`), so the database is
asked only for the page's products, by primary key, instead of an index range walked past every
product of the pages before it. The same rules as search_service's SQL, which answers while the index
is older than the database, for a stock filter (stock is not in the index) and for the name order
(SQL compares names in the database's collation)."""

from __future__ import annotations

import functools
import math

from sqlalchemy import Connection, TextClause, text
from sqlmodel import Session

from store_app.catalog import listing_counts
from store_app.catalog.attribute_models import ALL_CATALOG
from store_app.catalog.attributes import all_attributes
from store_app.catalog.facet_index.index import FacetIndex
from store_app.catalog.facet_index.listing_order import ListingOrder
from store_app.catalog.facets import AttributeFilter, active_filters
from store_app.catalog.indexed_search import BY_KEY, listed_rows
from store_app.catalog.models import CATALOG_VERSION_ROW, Category, ListedProduct
from store_app.catalog.query import ProductQuery, Sort

# Each sort the index reads: its order, and whether backwards.
_ORDERS = {
    Sort.RELEVANCE: ("by_created", True),  # without words: the newest first
    Sort.NEWEST: ("by_created", True),
    Sort.PRICE_ASC: ("by_price", False),
    Sort.PRICE_DESC: ("by_price", True),
}


def answers(query: ProductQuery) -> bool:
    """Whether the index can answer `query`: no search words, no stock filter, not by name."""
    return not query.search_terms and not query.in_stock and query.order in _ORDERS


def listed_page(
    session: Session, index: FacetIndex, query: ProductQuery, category: Category | None
) -> tuple[list[ListedProduct], int, int, int]:
    """(the page's products, the total, the page answered, the pages) of a query that `answers`."""
    filters = active_filters(query, list(all_attributes(session).values())) if query.attribute_filters else []
    category_id = (category.id or 0) if category else ALL_CATALOG
    found = _page_ids(index, query, category_id, filters)
    assert found is not None
    ids, total, page, pages = found
    return [ListedProduct(*row) for row in listed_rows(session, ids)], total, page, pages


def page_ids(
    index: FacetIndex, query: ProductQuery, *, budget: int | None = None
) -> tuple[list[int], int, int, int] | None:
    """(the page's product ids, the total, the page answered, the pages) of a query that `answers`
    without specification filters, read from the index alone (its category by slug, as the index
    holds the tree); None for a query it cannot answer so, an unknown category, or a page that would
    read more than `budget` entries of the listing's order."""
    if not answers(query) or query.attribute_filters:
        return None
    category_id = index.category_ids.get(query.category) if query.category else ALL_CATALOG
    return None if category_id is None else _page_ids(index, query, category_id, [], budget)


def _page_ids(
    index: FacetIndex,
    query: ProductQuery,
    category_id: int,
    filters: list[AttributeFilter],
    budget: int | None = None,
) -> tuple[list[int], int, int, int] | None:
    found = index.listed(category_id=category_id, filters=filters, min_price=query.min_price, max_price=query.max_price)
    total = index.size if found is None else found.bit_count()
    pages = max(1, math.ceil(total / query.page_size))
    page = min(query.page, pages)
    name, descending = _ORDERS[query.order]
    order: ListingOrder = getattr(index, name)
    skip = (page - 1) * query.page_size
    if budget is not None and order.cost(found, skip, query.page_size) > budget:
        return None
    chosen = order.page(found, skip, query.page_size, descending=descending)
    return [index.order.ids[position] for position in chosen], total, page, pages


def current_stocks(connection: Connection, product_ids: list[int]) -> tuple[dict[int, int], int | None]:
    """The stock of each of these products (the one column that changes without the catalog version:
    orders take and return it) and the catalog version, in one statement; the version is None when
    none of them is there."""
    values = {f"id_{n}": product_id for n, product_id in enumerate(product_ids)}
    rows = connection.execute(_stocks_of(len(product_ids)), values | {"version_row": CATALOG_VERSION_ROW}).all()
    return {product_id: stock for product_id, stock, _version in rows}, (rows[0][2] if rows else None)


@functools.cache
def _stocks_of(count: int) -> TextClause:
    # One statement per page size, its ids bound one by one: an expanding IN list is rewritten on every
    # run. Plain integers come back: no type to convert.
    ids = ", ".join(f":id_{n}" for n in range(count))
    version = "(SELECT version FROM catalog_version WHERE id = :version_row)"
    return text(f"SELECT id, stock, {version} FROM product WHERE id IN ({ids})")  # noqa: S608 - numbers only


# The page's products and the catalog version in one statement, for a page whose products' JSON is
# not kept yet.
_ROWS = BY_KEY.add_columns(listing_counts.CATALOG_VERSION_QUERY.scalar_subquery())


def current_rows(connection: Connection, product_ids: list[int]) -> tuple[list[ListedProduct], int | None]:
    """These products (in the order of `product_ids`) and the catalog version, in one statement; the
    version is None when none of them is there."""
    rows = connection.execute(_ROWS, {"ids": product_ids}).all()
    by_id = {product.id: product for product in (ListedProduct(*row[:-1]) for row in rows)}
    return [by_id[i] for i in product_ids if i in by_id], (rows[0][-1] if rows else None)
