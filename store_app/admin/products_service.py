"""What the product admin reads: every product (on sale or not) by name, and the category choices.
Changes go through `catalog.service`, which keeps the listing tables and the history."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from store_app.catalog.category_service import load_category_tree
from store_app.catalog.export import csv_header, csv_rows
from store_app.catalog.models import Category, Product
from store_app.catalog.query import searchable_text
from store_app.core.paging import Page, page_of


def _matching(text: str) -> Any:
    query = select(Product).order_by(col(Product.search_text), col(Product.id))
    words = searchable_text(text)
    return query.where(col(Product.search_text).contains(words)) if words else query


def find_products(*, session: Session, text: str = "", page: int = 1) -> Page[Product]:
    return page_of(session, _matching(text), page=page)


def products_csv(*, session: Session, text: str = "") -> str:
    """Every product the search finds (all of them for no text), in the columns of the API export."""
    return csv_header() + csv_rows(session=session, products=list(session.exec(_matching(text))))


def category_choices(*, session: Session) -> list[tuple[Category, int, str]]:
    """(category, depth, path "Section › Subsection") in tree order: the product form's category list."""
    tree = load_category_tree(session=session)
    return [
        (category, depth, " › ".join(c.name for c in tree.path(category.id or 0)))
        for category, depth in tree.walk_all()
    ]
