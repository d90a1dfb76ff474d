"""The product CSV (SPEC F6, D2): one set of columns for the API export, the admin download and the
import that reads them back (`admin/import_service.py`); specifications are one cell of `code=value` lines."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from store_app.catalog.attributes import attributes_cell
from store_app.catalog.listed_extras import categories_and_values
from store_app.catalog.models import ListedProduct, Product
from store_app.core.csv_text import csv_text
from store_app.core.money import to_money

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


def csv_header() -> str:
    """The first line of the file, with the byte-order mark."""
    return csv_text([COLUMNS], bom=True)


def csv_rows(*, session: Session, products: Sequence[Product | ListedProduct]) -> str:
    """The products' lines, in COLUMNS order (money with two decimals, no discount as an empty cell)."""
    ids = [p.id for p in products if p.id is not None]
    links, values = categories_and_values(session, ids)
    return csv_text(
        [
            product.id,
            product.name,
            product.slug,
            f"{to_money(product.price):.2f}",
            "" if product.discount_price is None else f"{to_money(product.discount_price):.2f}",
            product.stock,
            int(product.is_active),
            " ".join(str(category_id) for category_id in links.get(product.id or 0, [])),
            product.image,
            product.description,
            attributes_cell(values.get(product.id or 0, {})),
        ]
        for product in products
    )
