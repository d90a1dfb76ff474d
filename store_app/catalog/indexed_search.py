"""A search answered by the worker's facet index (`facet_index/`): its products by relevance, their
total and a page in order of relevance come from sets of products, so the database is asked only for
the page's products, by primary key. The same rules as the SQL of search_service, which answers while
the index is older than the database and for a stock filter (stock is not in the index)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session, col

from store_app.catalog.attribute_models import ALL_CATALOG
from store_app.catalog.attributes import all_attributes
from store_app.catalog.facet_index.index import FacetIndex
from store_app.catalog.facets import active_filters
from store_app.catalog.models import LISTED_COLUMNS, Category, ListedProduct, Product
from store_app.catalog.query import ProductQuery

# A page deeper than this (products skipped and read) in order of relevance is read by SQL, level by
# level with the index's counts: a product merged here in id order costs about what SQL costs per row.
MAX_DEPTH = 5_000
_ID = ListedProduct._fields.index("id")


def searched_levels(
    session: Session, index: FacetIndex, query: ProductQuery, category: Category | None
) -> dict[int, int]:
    """The products `query` finds (its words and every filter but stock), as sets by relevance."""
    filters = active_filters(query, list(all_attributes(session).values())) if query.attribute_filters else []
    return index.searched(
        terms=query.search_terms,
        category_id=(category.id or 0) if category else ALL_CATALOG,
        filters=filters,
        min_price=query.min_price,
        max_price=query.max_price,
    )


def page_ids(index: FacetIndex, levels: dict[int, int], spans: Iterable[tuple[int, int, int]]) -> list[int]:
    """The ids of a page in order of relevance: for each (relevance, skipped, wanted) it spans, those
    products of the level in id order."""
    return [found for level, skip, wanted in spans for found in index.order.first(levels[level], skip, wanted)]


# Built once and run on the session's connection: building the IN list anew cost more than the query.
BY_KEY = select(*LISTED_COLUMNS).where(col(Product.id).in_(bindparam("ids", expanding=True)))


def listed_rows(session: Session, product_ids: list[int]) -> list[Any]:
    """The products' LISTED_COLUMNS, in the order of `product_ids` (primary-key look-ups)."""
    if not product_ids:
        return []
    rows = {row[_ID]: row for row in session.connection().execute(BY_KEY, {"ids": product_ids}).all()}
    return [rows[product_id] for product_id in product_ids if product_id in rows]
