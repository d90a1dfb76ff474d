"""'Back in stock' mail for favourites (issue 13): a shopper asks for it on a sold-out favourite; when
the product can be bought again, whichever door restocked it, each asker gets one mail, queued in
that same transaction, and the request is spent.

Spending is one conditional `UPDATE ... WHERE notify_restock RETURNING user_id`: on PostgreSQL a
second restock at the same moment waits for the first and then finds nothing left to spend, so no
shopper is mailed twice; on SQLite writers are serialised.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, update
from sqlmodel import Session, col, select

from store_app.accounts.models import Profile, User
from store_app.catalog.models import Product
from store_app.catalog.saved import Owner, in_list
from store_app.catalog.saved_models import SavedList, SavedProduct
from store_app.core.errors import Conflict, NotFound
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.core.settings import get_settings
from store_app.mail.service import queue_mail
from store_app.ui.routes import PRODUCT_PREFIX

BACK_IN_STOCK_TEMPLATE = "back_in_stock"
_saved = SavedProduct.__table__  # type: ignore[attr-defined]


def buyable(stock: int, is_active: bool) -> bool:
    return is_active and stock > 0


def _favourites_of(user_id: int) -> list[ColumnElement[bool]]:
    return in_list(Owner(user_id=user_id), SavedList.FAVOURITES)


def _favourite(session: Session, user_id: int, product_id: int) -> SavedProduct | None:
    query = select(SavedProduct).where(*_favourites_of(user_id), col(SavedProduct.product_id) == product_id)
    return session.exec(query).first()


def ask_back_in_stock(*, session: Session, user_id: int, product_id: int) -> None:
    """The shopper asks to be mailed when their sold-out favourite is back."""
    product = session.get(Product, product_id)
    if product is None or not product.is_active:
        raise NotFound(t("catalog.error.product_not_found"))
    favourite = _favourite(session, user_id, product_id)
    if favourite is None:
        raise Conflict(t("restock.error.not_favourite"))
    if product.stock > 0:
        raise Conflict(t("restock.error.in_stock"))
    favourite.notify_restock = True
    session.flush()


def _cancelled(session: Session, favourite: SavedProduct | None) -> bool:
    """Cancel the favourite's request, if it has one; True when it had."""
    if favourite is None or not favourite.notify_restock:
        return False
    favourite.notify_restock = False
    session.flush()
    return True


def cancel_back_in_stock(*, session: Session, user_id: int, product_id: int) -> None:
    _cancelled(session, _favourite(session, user_id, product_id))


def toggle_back_in_stock(*, session: Session, user_id: int, product_id: int) -> bool:
    """Ask for the mail, or cancel the request; True when the shopper waits for it now."""
    if _cancelled(session, _favourite(session, user_id, product_id)):
        return False
    ask_back_in_stock(session=session, user_id=user_id, product_id=product_id)
    return True


def asked_back_in_stock(*, session: Session, user_id: int) -> list[int]:
    """The products the shopper waits for."""
    query = select(SavedProduct.product_id).where(*_favourites_of(user_id), col(SavedProduct.notify_restock))
    return list(session.exec(query))


def _product_url(product: Product) -> str:
    return f"{get_settings().public_origin}{PRODUCT_PREFIX}{product.slug}"


def _mail(session: Session, user: User, product: Product) -> None:
    profile = session.get(Profile, user.id)
    context = {
        "first_name": profile.first_name if profile else "",
        "product_name": product.name,
        "price": format_money(product.current_price, lang=user.language),
        "product_url": _product_url(product),
    }
    queue_mail(session=session, to=user.email, template=BACK_IN_STOCK_TEMPLATE, context=context, language=user.language)


def notify_if_back_in_stock(
    *, session: Session, product_id: int, before: tuple[int, bool], after: tuple[int, bool]
) -> int:
    """Every stock or status change of a product reports here as (stock, is_active) before and after.
    When it became buyable, each shopper waiting for it is mailed once; returns how many were."""
    if buyable(*before) or not buyable(*after):
        return 0
    spent = session.execute(
        update(_saved)
        .where(
            _saved.c.product_id == product_id,
            _saved.c.list_name == SavedList.FAVOURITES.value,
            _saved.c.user_id.is_not(None),
            _saved.c.notify_restock.is_(True),
        )
        .values(notify_restock=False)
        .returning(_saved.c.user_id)
    ).all()
    user_ids = sorted(row.user_id for row in spent)
    if not user_ids:
        return 0
    product = session.get(Product, product_id)
    if product is None:
        return 0
    users = session.exec(select(User).where(col(User.id).in_(user_ids), col(User.is_active)).order_by(col(User.id)))
    mailed = 0
    for user in users:
        _mail(session, user, product)
        mailed += 1
    return mailed
