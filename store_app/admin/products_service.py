"""What the product admin reads: every product (on sale or not) by name, and the category choices.
Changes go through `catalog.service`, which keeps the listing tables and the history."""

from __future__ import annotations

from sqlmodel import Session, col, select

from store_app.admin.paging import Page, page_of
from store_app.catalog.models import Category, Product
from store_app.catalog.query import searchable_text


def find_products(*, session: Session, text: str = "", page: int = 1) -> Page[Product]:
    query = select(Product).order_by(col(Product.search_text), col(Product.id))
    words = searchable_text(text)
    if words:
        query = query.where(col(Product.search_text).contains(words))
    return page_of(session, query, page=page)


def category_choices(*, session: Session) -> list[Category]:
    return list(session.exec(select(Category).order_by(col(Category.position), col(Category.name))))
