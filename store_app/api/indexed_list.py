"""The product list answered from the worker's facet index without a session: the page's ids and
total from the index (`indexed_listing.page_ids`), then one statement for the page's stock and the
catalog version, and each product's JSON kept for that version (`product_rows`). A listing the index
cannot answer so (search words, stock or specification filters, the name order, an empty page) or an
index older than the database (a write committed in any process moves the version) is answered by
`search_products`, which also has the index rebuilt."""

from __future__ import annotations

from fastapi import Request

from store_app.api.deps import page_links
from store_app.api.product_rows import keep_json, kept_json, list_body
from store_app.catalog import indexed_listing
from store_app.catalog.facet_index.keeper import latest_index
from store_app.catalog.indexed_search import listed_rows
from store_app.catalog.models import ListedProduct
from store_app.catalog.query import ProductQuery
from store_app.core.db import get_engine, read_scope


def indexed_list_body(request: Request, query: ProductQuery) -> bytes | None:
    """The list's body for `query`, or None: the caller builds it by `search_products`."""
    engine = get_engine()
    index = latest_index(engine)
    found = indexed_listing.page_ids(index, query) if index is not None else None
    if index is None or found is None or not found[0]:
        return None
    ids, total, page, pages = found
    with engine.connect() as connection:
        stocks, version = indexed_listing.current_stocks(connection, ids)
    if version != index.version or len(stocks) != len(ids):
        return None
    rows = kept_json(engine, version, stocks)
    if missing := [product_id for product_id in ids if product_id not in rows]:
        with read_scope() as session:
            products = [ListedProduct(*row) for row in listed_rows(session, missing)]
            if len(products) != len(missing):  # deleted meanwhile: the version has moved on
                return None
            rows |= keep_json(engine, version, session, products)
    previous, following = page_links(request, page=page, has_previous=page > 1, has_next=page < pages)
    return list_body(total, previous, following, [rows[product_id] for product_id in ids])
