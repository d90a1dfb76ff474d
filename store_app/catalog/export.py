"""The product CSV (SPEC F6, D2): one set of columns for the API export, the admin download and the
import that reads them back (`admin/import_service.py`); specifications are one cell of `code=value` lines."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from store_app.catalog.attributes import attributes_cell, values_by_product
from store_app.catalog.models import Product, ProductCategory
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


# Built once, run on the session's connection (as `attributes.values_by_product`, for the same reason).
_CATEGORY_IDS_BY_PRODUCT = (
    select(col(ProductCategory.product_id), col(ProductCategory.category_id))
    .where(col(ProductCategory.product_id).in_(bindparam("ids", expanding=True)))
    .order_by(col(ProductCategory.product_id), col(ProductCategory.category_id))
)


def category_ids_by_product(*, session: Session, product_ids: Sequence[int]) -> dict[int, list[int]]:
    """Every product's category ids, for a whole page in one statement (plain tuples, no ORM rows)."""
    links: dict[int, list[int]] = {product_id: [] for product_id in product_ids}
    if not links:
        return links
    for product_id, category_id in session.connection().execute(_CATEGORY_IDS_BY_PRODUCT, {"ids": list(links)}):
        links[product_id].append(category_id)
    return links


def csv_header() -> str:
    """The first line of the file, with the byte-order mark."""
    return csv_text([COLUMNS], bom=True)


def csv_rows(*, session: Session, products: Sequence[Product]) -> str:
    """The products' lines, in COLUMNS order (money with two decimals, no discount as an empty cell)."""
    ids = [p.id for p in products if p.id is not None]
    links, values = category_ids_by_product(session=session, product_ids=ids), values_by_product(session, ids)
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
