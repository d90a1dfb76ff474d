"""Keeps the derived listing tables (CategoryListing, WordListing, WordPartListing, FacetListing) in step
with the products.

They hold active products only, with the columns listings sort and filter on, so counting and
paging a category or a search word is one index range instead of a lookup per product. The
product, its categories and the tree stay the truth: every write path of the catalog service
calls `refresh_listing` for the products it touched, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from sqlalchemy import CTE, ColumnElement, delete, insert, literal, select, true, union_all
from sqlmodel import Session, col

from store_app.catalog import listing_counts
from store_app.catalog.attribute_models import ALL_CATALOG, Attribute, FacetListing, ProductAttributeValue
from store_app.catalog.models import (
    ACTIVE,
    SALE_PRICE,
    Category,
    CategoryListing,
    Product,
    ProductCategory,
    WordListing,
    WordPartListing,
)
from store_app.catalog.query import search_words, weighted_words

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


def _word_rows(session: Session, product_ids: Collection[int] | None) -> Iterator[tuple[type, dict]]:
    """(table, row) for each word of each active product's name (WordListing), and each text a search
    word may start with its weight: the name's words, the parts inside them, the description's words
    (WordPartListing)."""
    query = select(
        Product.id, Product.name, Product.description, Product.created_at, SALE_PRICE, Product.search_text
    ).where(ACTIVE, _products_filter(product_ids))
    for product_id, name, description, created_at, sale_price, sort_name in session.execute(query).all():
        listed = {"product_id": product_id, "created_at": created_at, "sale_price": sale_price, "sort_name": sort_name}
        for word in search_words(name):
            yield WordListing, {"word": word, **listed}
        for word, weight in weighted_words(name, description).items():
            yield WordPartListing, {"word": word, "weight": weight, **listed}


def _facet_rows(product_ids: Collection[int] | None):  # type: ignore[no-untyped-def]
    """(listing category, attribute, value, product, number, price) for each value where its attribute
    applies: under the categories at or below the attribute's own, everywhere (and ALL_CATALOG) for an
    attribute of every product."""
    pairs = _ancestor_pairs()
    listed_table = CategoryListing.__table__  # type: ignore[attr-defined]
    value_table = ProductAttributeValue.__table__  # type: ignore[attr-defined]
    attribute_table = Attribute.__table__  # type: ignore[attr-defined]
    listed, value, attribute = listed_table.c, value_table.c, attribute_table.c
    chosen = value.product_id.in_(list(product_ids)) if product_ids is not None else true()
    columns = (value.attribute_id, value.value, value.product_id, value.number, listed.sale_price)
    listed_values = listed_table.join(value_table, value.product_id == listed.product_id).join(
        attribute_table, attribute.id == value.attribute_id
    )
    in_scope = (
        select(listed.category_id, *columns)
        .select_from(listed_values)
        .join(pairs, (pairs.c.category_id == listed.category_id) & (pairs.c.ancestor_id == attribute.category_id))
        .where(chosen)
    )
    everywhere = (
        select(listed.category_id, *columns).select_from(listed_values).where(attribute.category_id.is_(None), chosen)
    )
    whole_catalog = (
        select(literal(ALL_CATALOG), value.attribute_id, value.value, value.product_id, value.number, SALE_PRICE)
        .select_from(Product)
        .join(value_table, value.product_id == col(Product.id))
        .join(attribute_table, attribute.id == value.attribute_id)
        .where(attribute.category_id.is_(None), ACTIVE, chosen)
    )
    return union_all(in_scope, everywhere, whole_catalog)


def refresh_listing(*, session: Session, product_ids: Collection[int] | None = None) -> None:
    """Rebuild the listing rows of `product_ids` (None: of every product) from the products."""
    # Counts kept for the listings are stale once this commits (and not before: others still see the old rows).
    listing_counts.catalog_changed(session)
    session.flush()
    for table in (CategoryListing, WordListing, WordPartListing, FacetListing):
        stale = delete(table)
        if product_ids is not None:
            stale = stale.where(col(table.product_id).in_(list(product_ids)))
        session.execute(stale)
    columns = ["category_id", "product_id", "created_at", "sale_price", "sort_name"]
    session.execute(insert(CategoryListing).from_select(columns, _category_rows(product_ids)))
    facet_columns = ["category_id", "attribute_id", "value", "product_id", "number", "sale_price"]
    session.execute(insert(FacetListing).from_select(facet_columns, _facet_rows(product_ids)))
    batches: dict[type, list[dict]] = {WordListing: [], WordPartListing: []}
    for table, row in _word_rows(session, product_ids):
        batches[table].append(row)
        if len(batches[table]) == BATCH:
            session.execute(insert(table), batches[table])
            batches[table] = []
    for table, batch in batches.items():
        if batch:
            session.execute(insert(table), batch)


def products_in_categories(*, session: Session, category_ids: Collection[int]) -> list[int]:
    """Products linked to any of `category_ids` (to refresh after the tree changed around them)."""
    query = select(ProductCategory.product_id).where(col(ProductCategory.category_id).in_(list(category_ids)))
    return list(dict.fromkeys(session.scalars(query)))
