"""F6: products as CSV for staff: all of them, or the list's filters (`?q=...&category=...`).

UTF-8 with a byte-order mark so Excel reads Cyrillic; streamed in chunks of rows. Text cells that a
spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe. Specifications are one
cell of `code=value` lines.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Iterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlmodel import col, select

from store_app.api.deps import StaffUser
from store_app.api.products import FILTERS, products_out, query_from_request
from store_app.catalog.attributes import attributes_cell
from store_app.catalog.models import Product
from store_app.catalog.query import MAX_PAGE_SIZE, ProductQuery
from store_app.catalog.service import search_products
from store_app.core.db import session_scope
from store_app.core.file_names import dated_file_name

router = APIRouter(prefix="/api/v1", tags=["export"])
COLUMNS = (
    "id",
    "name",
    "slug",
    "price",
    "discount_price",
    "stock",
    "is_active",
    "category_ids",
    "image",
    "description",
    "attributes",
)
CHUNK = 200
BOM = "\ufeff"


def _cell(value: str) -> str:
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


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


def _filtered_products(query: ProductQuery) -> Iterator[list[Product]]:
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


def csv_lines(chunks: Iterable[list[Product]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield BOM + buffer.getvalue()
    for chunk in chunks:
        buffer.seek(0)
        buffer.truncate()
        with session_scope() as session:
            rows = products_out(session, chunk)
        for product in rows:
            writer.writerow(
                [
                    product.id,
                    _cell(product.name),
                    product.slug,
                    product.price,
                    product.discount_price or "",
                    product.stock,
                    int(product.is_active),
                    " ".join(str(category_id) for category_id in product.category_ids),
                    _cell(product.image),
                    _cell(product.description),
                    _cell(attributes_cell(product.attributes)),
                ]
            )
        yield buffer.getvalue()


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
