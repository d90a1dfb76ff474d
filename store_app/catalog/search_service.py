"""The catalog listing (SPEC B3): filters, sorting and pages, shared by the pages and the REST API."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from store_app.catalog.category_service import descendant_ids, get_category_by_slug
from store_app.catalog.models import SALE_PRICE, Category, Product, ProductCategory, ProductSearchWord
from store_app.catalog.query import ProductQuery, Sort


@dataclasses.dataclass(frozen=True)
class ProductPage:
    """One page of results; `query` is what was answered (its page clamped to the pages there are)."""

    items: list[Product]
    total: int
    page: int
    pages: int
    query: ProductQuery
    category: Category | None = None  # the category filtered on, when it exists

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


_ORDER: dict[Sort, tuple[Any, ...]] = {
    Sort.NEWEST: (col(Product.created_at).desc(), col(Product.id).desc()),
    Sort.PRICE_ASC: (SALE_PRICE.asc(), col(Product.id).asc()),
    Sort.PRICE_DESC: (SALE_PRICE.desc(), col(Product.id).desc()),
    # search_text is the case-folded name, so names sort regardless of case in any language.
    Sort.NAME: (col(Product.search_text).asc(), col(Product.id).asc()),
}


def _prefix_upper_bound(prefix: str) -> str:
    """The smallest string above every string that starts with `prefix` (byte order)."""
    return prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))


def _with_word_prefix(term: str) -> ColumnElement[bool]:
    word = col(ProductSearchWord.word)
    matching = select(ProductSearchWord.product_id).where(word >= term, word < _prefix_upper_bound(term))
    return col(Product.id).in_(matching)


def _conditions(query: ProductQuery, category_ids: set[int]) -> list[ColumnElement[bool]]:
    # `== True` (not a bare column) so the (is_active, ...) indexes serve every listing.
    conditions: list[ColumnElement[bool]] = [col(Product.is_active) == True]  # noqa: E712
    if category_ids:
        # Literal ids, not a recursive subquery: planners estimate a list well and a CTE badly.
        in_categories = select(ProductCategory.product_id).where(col(ProductCategory.category_id).in_(category_ids))
        conditions.append(col(Product.id).in_(in_categories))
    conditions += [_with_word_prefix(term) for term in query.search_terms]
    paid = SALE_PRICE
    if query.min_price is not None:
        conditions.append(paid >= query.min_price)
    if query.max_price is not None:
        conditions.append(paid <= query.max_price)
    if query.in_stock:
        conditions.append(col(Product.stock) > 0)
    return conditions


def _page_items(
    session: Session, conditions: list[ColumnElement[bool]], query: ProductQuery, page: int
) -> list[Product]:
    # Ids first, ordered and cut to the page from the narrow indexes; then only those rows are read.
    ids_query = (
        select(Product.id)
        .where(*conditions)
        .order_by(*_ORDER[query.sort])
        .offset((page - 1) * query.page_size)
        .limit(query.page_size)
    )
    ids = list(session.exec(ids_query))
    rows = {product.id: product for product in session.exec(select(Product).where(col(Product.id).in_(ids)))}
    return [rows[product_id] for product_id in ids if product_id in rows]


def search_products(*, session: Session, query: ProductQuery) -> ProductPage:
    """Active products matching every filter: each search word starts a word of the name, the
    category or any category below it, the price a shopper pays within the range, in stock when asked."""
    category = get_category_by_slug(session=session, slug=query.category) if query.category else None
    if query.category and category is None:
        return ProductPage(items=[], total=0, page=1, pages=1, query=query.with_changes(page=1))
    category_ids = descendant_ids(session=session, category_id=category.id) if category and category.id else set()
    conditions = _conditions(query, category_ids)
    total = session.exec(select(func.count()).select_from(Product).where(*conditions)).one()
    pages = max(1, math.ceil(total / query.page_size))
    page = min(query.page, pages)
    items = _page_items(session, conditions, query, page) if total else []
    return ProductPage(
        items=items, total=total, page=page, pages=pages, query=query.with_changes(page=page), category=category
    )
