"""F6: products as CSV for staff: all of them, or the list's filters (`?q=...&category=...`).

The columns and the cell rules are `catalog/export.py`'s (the admin download writes the same file);
streamed here in chunks of rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlmodel import col, select

from store_app.api.deps import StaffUser
from store_app.api.products import FILTERS, query_from_request
from store_app.catalog.export import csv_header, csv_rows
from store_app.catalog.models import ListedProduct, Product
from store_app.catalog.query import MAX_PAGE_SIZE, ProductQuery
from store_app.catalog.service import search_products
from store_app.core.db import session_scope
from store_app.core.file_names import dated_file_name

router = APIRouter(prefix="/api/v1", tags=["export"])
CHUNK = 200


def _all_products() -> Iterator[list[Product]]:
    last_id = 0
    while True:
        with session_scope() as session:
            query = select(Product).where(col(Product.id) > last_id).order_by(col(Product.id)).limit(CHUNK)
            chunk = list(session.exec(query))
        if not chunk:
            return
        last_id = chunk[-1].id or last_id
        yield chunk


def _filtered_products(query: ProductQuery) -> Iterator[list[ListedProduct]]:
    page = 1
    while True:
        with session_scope() as session:
            found = search_products(
                session=session, query=dataclasses.replace(query, page=page, page_size=MAX_PAGE_SIZE)
            )
        yield found.items
        if not found.has_next:
            return
        page += 1


def csv_lines(chunks: Iterable[Sequence[Product | ListedProduct]]) -> Iterator[str]:
    """The header, then each chunk's lines (each chunk reads its category links in its own transaction)."""
    yield csv_header()
    for chunk in chunks:
        with session_scope() as session:
            yield csv_rows(session=session, products=chunk)


@router.get("/products/export.csv", response_class=StreamingResponse)
def export_products(request: Request, _staff: StaffUser) -> StreamingResponse:
    """All products (inactive too), or only the active ones matching the list's filters when any is given."""
    filtered = any(request.query_params.get(name) for name in FILTERS if name not in {"page", "size"})
    chunks = _filtered_products(query_from_request(request)) if filtered else _all_products()
    return StreamingResponse(
        csv_lines(chunks),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{dated_file_name("products")}"',
            "Cache-Control": "no-store",
        },
    )
