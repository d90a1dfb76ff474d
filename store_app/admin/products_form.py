"""The product edit form of /admin/products: what a form submits, turned into catalog service calls."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlmodel import Session

from store_app.accounts.models import User
from store_app.admin.guard import StaffActor
from store_app.catalog.models import Product
from store_app.catalog.service import (
    Actor,
    ProductInput,
    create_product,
    delete_product,
    product_categories,
    update_product,
)
from store_app.core.db import session_scope
from store_app.core.errors import NotFound

FIELDS = ("name", "price", "discount_price", "stock", "image")


@dataclasses.dataclass
class ProductDraft:
    """The form's starting values (all text, as the inputs show them)."""

    id: int = 0
    name: str = ""
    price: str = ""
    discount_price: str = ""
    stock: str = "0"
    image: str = ""
    is_active: bool = True
    category_ids: list[str] = dataclasses.field(default_factory=list)


def load_draft(product_id: int) -> ProductDraft:
    with session_scope() as session:
        product = session.get(Product, product_id)
        if product is None:
            raise NotFound("product")
        return ProductDraft(
            id=product.id or 0,
            name=product.name,
            price=str(product.price),
            discount_price="" if product.discount_price is None else str(product.discount_price),
            stock=str(product.stock),
            image=product.image,
            is_active=product.is_active,
            category_ids=[str(c.id) for c in product_categories(session=session, product_id=product_id)],
        )


def _values(form_data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form_data.get(name, ""))[:500] for name in FIELDS}
    values["discount_price"] = values["discount_price"] or None
    values["is_active"] = form_data.get("is_active") == "on"
    values["category_ids"] = [key.removeprefix("category-") for key in form_data if key.startswith("category-")]
    return values


def _catalog_actor(session: Session, actor: StaffActor) -> Actor:
    staff = session.get(User, actor.user_id)
    return Actor(user_id=actor.user_id, label=staff.login if staff else "", ip=actor.ip)


def save_product(actor: StaffActor, product_id: int, form_data: dict[str, Any]) -> int:
    """Create (id 0) or update the product; ValidationFailed carries every field's error."""
    values = _values(form_data)
    with session_scope() as session:
        who = _catalog_actor(session, actor)
        if product_id:
            product = update_product(session=session, product_id=product_id, changes=values, actor=who)
        else:
            product = create_product(session=session, data=ProductInput(**values), actor=who)
        return product.id or 0


def remove_product(actor: StaffActor, product_id: int) -> None:
    with session_scope() as session:
        delete_product(session=session, product_id=product_id, actor=_catalog_actor(session, actor))
