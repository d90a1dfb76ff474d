"""The product list answered from the worker's facet index without a session: the page's ids and
total from the index (`indexed_listing.page_ids`), then one statement for the page's stock and the
catalog version, and each product's JSON kept for that version (`product_rows`); a page with products
not kept yet reads them whole with the version instead, then their categories and specifications. A listing the index
cannot answer so (search words, stock or specification filters, the name order, an empty page) or an
index older than the database (a write committed in any process moves the version) is answered by
`search_products`, which also has the index rebuilt.

A page whose every product had its stock read so (with the catalog version the index is of) within
ANSWER_MAX_AGE, with no stock change committed in this process since, is joined on the event loop
with no statement (`fresh_list_body`): the bound the kept answers already have, a write committed in
another worker shows within that second, one in this worker at once."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.engine import Engine

from store_app.api.answer_cache import ANSWER_MAX_AGE
from store_app.api.deps import page_links
from store_app.api.product_rows import all_kept, fresh_json, kept_json, list_body, rows_json
from store_app.catalog import indexed_listing, listing_counts
from store_app.catalog.facet_index.index import FacetIndex
from store_app.catalog.facet_index.keeper import latest_index
from store_app.catalog.query import ProductQuery
from store_app.core.db import get_engine, read_scope

# Entries of the listing's order a page may read on the event loop (about 0.1 ms); deeper, a thread.
LOOP_BUDGET = 1_000
IndexedPage = tuple[list[int], int, int, int]  # the page's product ids, the total, the page, the pages


def _indexed_page(
    engine: Engine, query: ProductQuery, budget: int | None = None
) -> tuple[FacetIndex, IndexedPage] | None:
    """The worker's newest index of `engine`'s database and the page of `query` it answers (ids, total,
    page, pages), or None: no index, a query it cannot answer so (or not within `budget`), an empty page."""
    index = latest_index(engine)
    found = indexed_listing.page_ids(index, query, budget=budget) if index is not None else None
    if index is None or found is None or not found[0]:
        return None
    return index, found


def _body(request: Request, found: IndexedPage, rows: list[bytes]) -> bytes:
    _ids, total, page, pages = found
    previous, following = page_links(request, page=page, has_previous=page > 1, has_next=page < pages)
    return list_body(total, previous, following, rows)


def fresh_list_body(request: Request, query: ProductQuery) -> tuple[bytes, float] | None:
    """The list's body for `query` with no statement, for the event loop, and the `time.monotonic()` of
    its oldest stock read (the body is as old as that, for the kept answers): when the index answers it
    cheaply and every product of the page had its stock read with the index's version less than
    ANSWER_MAX_AGE ago and no stock change committed in this process since; else None."""
    engine = get_engine()
    answered = _indexed_page(engine, query, budget=LOOP_BUDGET)
    if answered is None:
        return None
    index, found = answered
    fresh = fresh_json(engine, index.version, found[0], generation=listing_counts.generation(), max_age=ANSWER_MAX_AGE)
    if fresh is None:
        return None
    rows, read_at = fresh
    return _body(request, found, rows), read_at


def indexed_list_body(request: Request, query: ProductQuery) -> bytes | None:
    """The list's body for `query`, or None: the caller builds it by `search_products`."""
    engine = get_engine()
    answered = _indexed_page(engine, query)
    if answered is None:
        return None
    index, found = answered
    ids = found[0]
    generation = listing_counts.generation()  # before the read: a stock change committed after it counts
    if all_kept(engine, index.version, ids):  # the stock with the version, the rest kept
        with engine.connect() as connection:
            stocks, version = indexed_listing.current_stocks(connection, ids)
        if version != index.version or len(stocks) != len(ids):
            return None
        rows = kept_json(engine, version, stocks, generation=generation)
    else:  # the products with the version, then the extras of those not kept
        with read_scope() as session:
            products, version = indexed_listing.current_rows(session.connection(), ids)
            if version != index.version or len(products) != len(ids):
                return None
            rows = rows_json(session, products, version, generation=generation)
    if len(rows) != len(ids):  # dropped meanwhile to make room
        return None
    return _body(request, found, [rows[product_id] for product_id in ids])
