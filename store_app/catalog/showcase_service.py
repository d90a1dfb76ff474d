"""What the home page shows from the catalog (SPEC B5): discounts, new arrivals, the top sections."""

from __future__ import annotations

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from store_app.catalog.category_service import CategoryTree, load_category_tree
from store_app.catalog.models import ACTIVE, Category, Product


def _on_sale() -> SelectOfScalar[Product]:
    return select(Product).where(ACTIVE, col(Product.stock) > 0)


def discounted_products(*, session: Session, limit: int = 8) -> list[Product]:
    """The newest discounts among products in stock (walks the newest-first index, so it stays cheap)."""
    query = _on_sale().where(col(Product.discount_price).is_not(None))
    return list(session.exec(query.order_by(col(Product.created_at).desc(), col(Product.id).desc()).limit(limit)))


def new_products(*, session: Session, limit: int = 8) -> list[Product]:
    query = _on_sale().order_by(col(Product.created_at).desc(), col(Product.id).desc()).limit(limit)
    return list(session.exec(query))


def top_categories(*, session: Session, tree: CategoryTree | None = None) -> list[tuple[Category, list[Category]]]:
    """Each top-level section with its subsections, in the shop's order."""
    tree = tree or load_category_tree(session=session)
    return [(category, tree.children(category.id)) for category in tree.children(None)]
