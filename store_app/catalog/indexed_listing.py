"""A listing without search words answered by the worker's facet index (`facet_index/`): its total is a
popcount and its page's ids are read in the listing's order (`listing_order.py`), so the database is
asked only for the page's products, by primary key, instead of an index range walked past every
product of the pages before it. The same rules as search_service's SQL, which answers while the index
is older than the database, for a stock filter (stock is not in the index) and for the name order
(SQL compares names in the database's collation)."""

from __future__ import annotations

import math

from sqlmodel import Session

from store_app.catalog.attribute_models import ALL_CATALOG
from store_app.catalog.attributes import all_attributes
from store_app.catalog.facet_index.index import FacetIndex
from store_app.catalog.facet_index.listing_order import ListingOrder
from store_app.catalog.facets import active_filters
from store_app.catalog.indexed_search import listed_rows
from store_app.catalog.models import Category, ListedProduct
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
    found = index.listed(
        category_id=(category.id or 0) if category else ALL_CATALOG,
        filters=filters,
        min_price=query.min_price,
        max_price=query.max_price,
    )
    total = index.size if found is None else found.bit_count()
    pages = max(1, math.ceil(total / query.page_size))
    page = min(query.page, pages)
    name, descending = _ORDERS[query.order]
    order: ListingOrder = getattr(index, name)
    chosen = order.page(found, (page - 1) * query.page_size, query.page_size, descending=descending)
    ids = [index.order.ids[position] for position in chosen]
    return [ListedProduct(*row) for row in listed_rows(session, ids)], total, page, pages
