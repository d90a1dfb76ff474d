"""Product rules (SPEC B2): create, change and remove products with every value checked first.

Listing and search live in `search_service`; they are re-exported here so the Reflex states and
the REST API import the catalog's front door from one place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, delete, select

from store_app.audit.kinds import EventKind
from store_app.catalog.actor import SYSTEM, Actor, record_change
from store_app.catalog.attributes import product_values, store_values
from store_app.catalog.listing import refresh_listing
from store_app.catalog.models import Category, Product, ProductCategory
from store_app.catalog.pictures import product_picture_paths, remove_files_on_commit
from store_app.catalog.product_rules import ProductInput, validate_product
from store_app.catalog.restock import notify_if_back_in_stock
from store_app.catalog.search_service import ProductPage, search_products
from store_app.core import clock
from store_app.core.errors import NotFound, ValidationFailed
from store_app.core.i18n import t

__all__ = [
    "SYSTEM",
    "Actor",
    "ProductInput",
    "ProductPage",
    "create_product",
    "delete_product",
    "get_product_by_slug",
    "product_categories",
    "search_products",
    "update_product",
]


def _record(session: Session, kind: EventKind, product: Product, actor: Actor, details: dict[str, Any]) -> None:
    record_change(session, kind, f"product:{product.id}", actor, details)


def _set_categories(session: Session, product_id: int, category_ids: Sequence[int]) -> None:
    session.exec(delete(ProductCategory).where(col(ProductCategory.product_id) == product_id))
    session.add_all(ProductCategory(product_id=product_id, category_id=cid) for cid in dict.fromkeys(category_ids))


def create_product(*, session: Session, data: ProductInput, actor: Actor = SYSTEM) -> Product:
    """Check every value (all errors at once, by field), then add the product and its category links."""
    clean = validate_product(session=session, data=data, product_id=None)
    product = Product(**clean.columns())
    session.add(product)
    session.flush()
    assert product.id is not None
    _set_categories(session, product.id, clean.category_ids)
    store_values(session, product.id, clean.values or {})
    session.flush()
    refresh_listing(session=session, product_ids=[product.id])
    _record(session, EventKind.PRODUCT_CREATED, product, actor, {"name": product.name, "slug": product.slug})
    session.flush()
    return product


def update_product(*, session: Session, product_id: int, changes: Mapping[str, Any], actor: Actor = SYSTEM) -> Product:
    """Apply `changes` (any ProductInput fields); the merged product is checked as a whole.

    `changes["attributes"]` changes the specifications it names ("" removes one) and keeps the others.
    A replaced main picture's stored file goes once the transaction commits, unless a product or a
    gallery still names it (the rule of a removed gallery picture, `pictures.remove_files_on_commit`)."""
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(t("catalog.error.product_not_found"))
    unknown = set(changes) - {field.name for field in dataclasses.fields(ProductInput)}
    if unknown:
        raise ValidationFailed({name: [t("catalog.error.unknown_field")] for name in sorted(unknown)})
    current = product_categories(session=session, product_id=product_id)
    before = ProductInput.from_product(product, category_ids=[category.id for category in current if category.id])
    kept = product_values(session, product_id)
    was = (product.stock, product.is_active)
    clean = validate_product(
        session=session, data=dataclasses.replace(before, **changes), product_id=product_id, kept=kept
    )
    changed = [name for name, value in clean.columns().items() if getattr(product, name) != value]
    for name in changed:
        setattr(product, name, clean.columns()[name])
    if set(clean.category_ids) != set(before.category_ids):
        _set_categories(session, product_id, clean.category_ids)
        changed.append("category_ids")
    if clean.values is not None and store_values(session, product_id, clean.values):
        changed.append("attributes")
        session.flush()
    fields = [name for name in changed if name != "search_text"]
    if fields:
        product.updated_at = clock.now()
        refresh_listing(session=session, product_ids=[product_id])
        _record(session, EventKind.PRODUCT_CHANGED, product, actor, {"fields": fields})
    session.flush()
    notify_if_back_in_stock(
        session=session, product_id=product_id, before=was, after=(product.stock, product.is_active)
    )
    if "image" in changed:  # a main picture replaced as a path (the API, a CSV import)
        remove_files_on_commit(session, [before.image])
    return product


def delete_product(*, session: Session, product_id: int, actor: Actor = SYSTEM) -> None:
    """Remove a product; carts lose it, orders keep their copy of its name and prices. Its stored
    picture files are deleted once the transaction commits."""
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(t("catalog.error.product_not_found"))
    _record(session, EventKind.PRODUCT_DELETED, product, actor, {"name": product.name, "slug": product.slug})
    paths = product_picture_paths(session, product)
    session.delete(product)  # its gallery rows go with it (ON DELETE CASCADE)
    remove_files_on_commit(session, paths)


def get_product_by_slug(*, session: Session, slug: str, include_inactive: bool = False) -> Product | None:
    query = select(Product).where(col(Product.slug) == slug)
    if not include_inactive:
        query = query.where(col(Product.is_active))
    return session.exec(query).first()


def product_categories(*, session: Session, product_id: int) -> list[Category]:
    query = (
        select(Category)
        .join(ProductCategory, col(ProductCategory.category_id) == col(Category.id))
        .where(col(ProductCategory.product_id) == product_id)
        .order_by(col(Category.position), col(Category.name))
    )
    return list(session.exec(query))
