"""Favourites and comparison (SPEC B extended): a shopper's or a guest's lists of products.

A guest's lists are kept under the guest cart's key (the digest of the HttpOnly guest cookie), a
shopper's under the account; at login the guest's lists join the account's, as the cart does.
Comparison holds up to MAX_COMPARED products of one category (they share a category).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import ColumnElement, delete, func
from sqlmodel import Session, col, select

from store_app.catalog.attribute_models import Attribute, ProductAttributeValue
from store_app.catalog.attributes import applicable_attributes, shown_value
from store_app.catalog.models import Product, ProductCategory
from store_app.catalog.names import attribute_name
from store_app.catalog.saved_models import SavedList, SavedProduct
from store_app.core.errors import Conflict, NotFound
from store_app.core.i18n import t

MAX_COMPARED = 4
MAX_FAVOURITES = 200


@dataclasses.dataclass(frozen=True)
class Owner:
    """Whose lists: exactly one of a user id or a guest key."""

    user_id: int | None = None
    guest_key: str | None = None

    def __post_init__(self) -> None:
        if (self.user_id is None) == (not self.guest_key):
            raise ValueError("a list owner is either a user or a guest")


def in_list(owner: Owner, list_name: SavedList) -> list[ColumnElement[bool]]:
    """The conditions of the rows of `owner`'s `list_name`."""
    who = (
        col(SavedProduct.user_id) == owner.user_id
        if owner.user_id is not None
        else col(SavedProduct.guest_key) == owner.guest_key
    )
    return [col(SavedProduct.list_name) == list_name.value, who]


def saved_ids(*, session: Session, owner: Owner, list_name: SavedList) -> list[int]:
    """The list's products still on sale, in the order they were added."""
    query = (
        select(SavedProduct.product_id)
        .join(Product, col(Product.id) == col(SavedProduct.product_id))
        .where(*in_list(owner, list_name), col(Product.is_active))
        .order_by(col(SavedProduct.created_at), col(SavedProduct.id))
    )
    return list(session.exec(query))


def _categories(session: Session, product_id: int) -> set[int]:
    query = select(ProductCategory.category_id).where(col(ProductCategory.product_id) == product_id)
    return set(session.exec(query))


def _room_for(session: Session, owner: Owner, list_name: SavedList, product_id: int) -> str | None:
    """Why the product cannot join the list, or None."""
    current = saved_ids(session=session, owner=owner, list_name=list_name)
    if list_name == SavedList.FAVOURITES:
        return t("saved.error.favourites_full", max=MAX_FAVOURITES) if len(current) >= MAX_FAVOURITES else None
    if len(current) >= MAX_COMPARED:
        return t("compare.error.full", max=MAX_COMPARED)
    if current and not _categories(session, current[0]) & _categories(session, product_id):
        return t("compare.error.category")
    return None


def toggle(*, session: Session, owner: Owner, list_name: SavedList, product_id: int) -> bool:
    """Put the product on the list, or take it off; True when it is on the list now."""
    product = session.get(Product, product_id)
    if product is None or not product.is_active:
        raise NotFound(t("catalog.error.product_not_found"))
    row = session.exec(
        select(SavedProduct).where(*in_list(owner, list_name), col(SavedProduct.product_id) == product_id)
    ).first()
    if row is not None:
        session.delete(row)
        session.flush()
        return False
    refusal = _room_for(session, owner, list_name, product_id)
    if refusal:
        raise Conflict(refusal)
    session.add(
        SavedProduct(list_name=list_name.value, user_id=owner.user_id, guest_key=owner.guest_key, product_id=product_id)
    )
    session.flush()
    return True


def clear(*, session: Session, owner: Owner, list_name: SavedList) -> None:
    session.exec(delete(SavedProduct).where(*in_list(owner, list_name)))  # type: ignore[call-overload]


def merge_guest_lists(*, session: Session, guest_key: str, user_id: int) -> int:
    """The guest's favourites and comparison join the account's (a product already there once;
    comparison only while it has room and the category fits). Returns how many joined."""
    guest, user = Owner(guest_key=guest_key), Owner(user_id=user_id)
    joined = 0
    for list_name in SavedList:
        have = set(saved_ids(session=session, owner=user, list_name=list_name))
        for product_id in saved_ids(session=session, owner=guest, list_name=list_name):
            if product_id not in have and _room_for(session, user, list_name, product_id) is None:
                session.add(SavedProduct(list_name=list_name.value, user_id=user_id, product_id=product_id))
                session.flush()
                have.add(product_id)
                joined += 1
        clear(session=session, owner=guest, list_name=list_name)
    return joined


def count_saved(*, session: Session, owner: Owner, list_name: SavedList) -> int:
    query = select(func.count()).select_from(SavedProduct).where(*in_list(owner, list_name))
    return int(session.exec(query).one())


@dataclasses.dataclass(frozen=True)
class CompareRow:
    name: str
    values: list[str]
    differs: bool  # the products do not all have the same value


def compare_rows(*, session: Session, products: Sequence[Product]) -> list[CompareRow]:
    """A row per specification any of the products has, in the first product's category order."""
    ids = [product.id or 0 for product in products]
    if not ids:
        return []
    rows = session.exec(
        select(ProductAttributeValue.product_id, ProductAttributeValue.attribute_id, ProductAttributeValue.value).where(
            col(ProductAttributeValue.product_id).in_(ids)
        )
    ).all()
    values: dict[int, dict[int, str]] = {}
    for product_id, attribute_id, value in rows:
        values.setdefault(attribute_id, {})[product_id] = value
    attributes = {a.id: a for a in session.exec(select(Attribute).where(col(Attribute.id).in_(list(values))))}
    order = [a.id for a in applicable_attributes(session, _categories(session, ids[0]))]
    ordered = [a for a in order if a in attributes] + sorted(set(attributes) - set(order), key=lambda a: a or 0)
    table = []
    for attribute_id in ordered:
        attribute = attributes[attribute_id]
        shown = [
            shown_value(attribute, values[attribute_id][pid]) if pid in values[attribute_id] else "—" for pid in ids
        ]
        table.append(CompareRow(name=attribute_name(attribute), values=shown, differs=len(set(shown)) > 1))
    return table
