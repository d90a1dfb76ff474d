"""Products as `ProductOut`'s fields, and the product list's rows as JSON, each product's kept for the
catalog version it was read at.

A row's JSON depends on the product's own columns and on its categories and specifications. These two
change only through catalog writes, which move the catalog version on; the columns also change
without it (an order takes stock), so a kept row is used only for a page answered by the facet index
of the same version (`ProductPage.catalog_version`) and only while the product's columns, read anew
by key for that page, are what they were. A page then needs no statement for its extras and no JSON
but for the products that changed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from pydantic_core import to_json
from sqlmodel import Session

from store_app.api.money import money_text
from store_app.catalog.listed_extras import categories_and_values
from store_app.catalog.models import ListedProduct, Product

MAX_KEPT = 20_000  # products; beyond that the oldest half is dropped

_lock = threading.Lock()
# (database, product id) -> (catalog version, the columns it was made from, its JSON)
_kept: dict[tuple[object, int], tuple[int, ListedProduct, bytes]] = {}


def product_rows(session: Session, products: Sequence[Product | ListedProduct]) -> list[dict[str, Any]]:
    """Each product as `ProductOut`'s fields in its order, from values read in their declared types."""
    ids = [product.id for product in products if product.id is not None]
    links, values = categories_and_values(session, ids)
    return [
        {
            "id": product.id or 0,
            "name": product.name,
            "slug": product.slug,
            "description": product.description,
            "price": money_text(product.price) or "0.00",
            "discount_price": money_text(product.discount_price),
            "stock": product.stock,
            "image": product.image,
            "is_active": product.is_active,
            "category_ids": links.get(product.id or 0, []),
            "attributes": values.get(product.id or 0, {}),
            "created_at": product.created_at,
            "updated_at": product.updated_at,
        }
        for product in products
    ]


def listed_json(session: Session, products: Sequence[ListedProduct], catalog_version: int | None) -> list[bytes]:
    """Each product's row as JSON (`to_json` of `product_rows`); kept rows of `catalog_version` reused."""
    if catalog_version is None:
        return [to_json(row) for row in product_rows(session, products)]
    database = session.get_bind().url
    found: list[bytes | None] = []
    missing: list[ListedProduct] = []
    for product in products:
        kept = _kept.get((database, product.id or 0))
        if kept is not None and kept[0] == catalog_version and kept[1] == product:
            found.append(kept[2])
        else:
            found.append(None)
            missing.append(product)
    if not missing:
        return found  # type: ignore[return-value]
    made = {row["id"]: to_json(row) for row in product_rows(session, missing)}
    with _lock:
        if len(_kept) + len(made) > MAX_KEPT:
            for stale in list(_kept)[: MAX_KEPT // 2]:
                del _kept[stale]
        for product in missing:
            _kept[(database, product.id or 0)] = (catalog_version, product, made[product.id or 0])
    return [json if json is not None else made[product.id or 0] for json, product in zip(found, products, strict=True)]


def forget_kept() -> None:
    """Drop every kept row (tests, benchmarks)."""
    with _lock:
        _kept.clear()
