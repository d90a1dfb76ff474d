"""Taking and returning stock with conditional updates, so concurrent orders never oversell.

`UPDATE ... WHERE stock >= :q` is decided by the database row by row: on PostgreSQL the second
writer waits for the first and re-checks the condition; on SQLite writers are serialised.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlmodel import Session

from store_app.catalog import listing_counts
from store_app.catalog.models import Product
from store_app.catalog.restock import notify_if_back_in_stock

_product = Product.__table__  # type: ignore[attr-defined]


def take_stock(*, session: Session, product_id: int, quantity: int) -> bool:
    """Take `quantity` units of an active product; False (and nothing taken) when there are fewer."""
    listing_counts.stock_changed(session)
    result = session.execute(
        update(_product)
        .where(_product.c.id == product_id, _product.c.stock >= quantity, _product.c.is_active.is_(True))
        .values(stock=_product.c.stock - quantity)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def return_stock(*, session: Session, product_id: int, quantity: int) -> None:
    """Put units back (a cancelled order); a product deleted since then is skipped. Shoppers waiting
    for a sold-out product are mailed when this brings it back."""
    listing_counts.stock_changed(session)
    returned = (
        update(_product)
        .where(_product.c.id == product_id)
        .values(stock=_product.c.stock + quantity)
        .returning(_product.c.stock, _product.c.is_active)  # the row is ours until commit
    )
    now = session.execute(returned).first()
    if now is not None:
        stock, active = now
        notify_if_back_in_stock(
            session=session, product_id=product_id, before=(stock - quantity, active), after=(stock, active)
        )


def current_stock(*, session: Session, product_id: int) -> tuple[int, bool] | None:
    """(stock, is_active) as the database has it now, or None when the product is gone."""
    row = session.execute(select(_product.c.stock, _product.c.is_active).where(_product.c.id == product_id)).first()
    return None if row is None else (row.stock, row.is_active)
