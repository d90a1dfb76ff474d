"""Keeps the derived listing tables (CategoryListing, WordListing) in step with the products.

They hold active products only, with the columns listings sort and filter on, so counting and
paging a category or a search word is one index range instead of a lookup per product. The
product, its categories and the tree stay the truth: every write path of the catalog service
calls `refresh_listing` for the products it touched, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from sqlalchemy import CTE, ColumnElement, delete, insert, select, true
from sqlmodel import Session, col

from store_app.catalog import listing_counts
from store_app.catalog.models import (
    ACTIVE,
    SALE_PRICE,
    Category,
    CategoryListing,
    Product,
    ProductCategory,
    WordListing,
)
from store_app.catalog.query import search_words

BATCH = 5_000


def _ancestor_pairs() -> CTE:
    """(category_id, ancestor_id) for every category and each category above it, itself included."""
    pairs = select(col(Category.id).label("category_id"), col(Category.id).label("ancestor_id")).cte(
        "ancestor_pairs", recursive=True
    )
    parent = select(pairs.c.category_id, col(Category.parent_id)).where(
        col(Category.id) == pairs.c.ancestor_id, col(Category.parent_id).is_not(None)
    )
    return pairs.union_all(parent)


def _products_filter(product_ids: Collection[int] | None) -> ColumnElement[bool]:
    return col(Product.id).in_(list(product_ids)) if product_ids is not None else true()


def _category_rows(product_ids: Collection[int] | None):  # type: ignore[no-untyped-def]
    pairs = _ancestor_pairs()
    return (
        select(
            pairs.c.ancestor_id,
            col(Product.id),
            col(Product.created_at),
            SALE_PRICE,
            col(Product.search_text),
        )
        .select_from(Product)
        .join(ProductCategory, col(ProductCategory.product_id) == col(Product.id))
        .join(pairs, pairs.c.category_id == col(ProductCategory.category_id))
        .where(ACTIVE, _products_filter(product_ids))
        .distinct()
    )


def _word_rows(session: Session, product_ids: Collection[int] | None) -> Iterator[dict]:
    query = select(Product.id, Product.name, Product.created_at, SALE_PRICE, Product.search_text).where(
        ACTIVE,
        _products_filter(product_ids),
    )
    for product_id, name, created_at, sale_price, sort_name in session.execute(query).all():
        for word in search_words(name):
            yield {
                "word": word,
                "product_id": product_id,
                "created_at": created_at,
                "sale_price": sale_price,
                "sort_name": sort_name,
            }


def refresh_listing(*, session: Session, product_ids: Collection[int] | None = None) -> None:
    """Rebuild the listing rows of `product_ids` (None: of every product) from the products."""
    # Counts kept for the listings are stale once this commits (and not before: others still see the old rows).
    listing_counts.catalog_changed(session)
    session.flush()
    for table in (CategoryListing, WordListing):
        stale = delete(table)
        if product_ids is not None:
            stale = stale.where(col(table.product_id).in_(list(product_ids)))
        session.execute(stale)
    columns = ["category_id", "product_id", "created_at", "sale_price", "sort_name"]
    session.execute(insert(CategoryListing).from_select(columns, _category_rows(product_ids)))
    batch: list[dict] = []
    for row in _word_rows(session, product_ids):
        batch.append(row)
        if len(batch) == BATCH:
            session.execute(insert(WordListing), batch)
            batch = []
    if batch:
        session.execute(insert(WordListing), batch)


def products_in_categories(*, session: Session, category_ids: Collection[int]) -> list[int]:
    """Products linked to any of `category_ids` (to refresh after the tree changed around them)."""
    query = select(ProductCategory.product_id).where(col(ProductCategory.category_id).in_(list(category_ids)))
    return list(dict.fromkeys(session.scalars(query)))
