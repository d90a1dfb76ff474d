"""The product edit form of /admin/products: what a form submits, turned into catalog service calls."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlmodel import Session

from store_app.accounts.history import user_actor
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import applicable_attributes, field_name, product_values
from store_app.catalog.models import Product
from store_app.catalog.service import (
    ProductInput,
    create_product,
    delete_product,
    product_categories,
    update_product,
)
from store_app.core.errors import NotFound
from store_app.core.i18n import t
from store_app.ui.bridge import form_checkbox

# The main picture is the gallery's first (admin.product_pictures), not a typed path any more.
FIELDS = ("name", "price", "discount_price", "stock", "description")
ATTRIBUTE_PREFIX = "attr-"


@dataclasses.dataclass
class AttributeField:
    """One specification of the product form: a list for a choice or yes/no, else a text field."""

    code: str
    name: str
    kind: str
    unit: str
    value: str
    options: list[str] = dataclasses.field(default_factory=list)  # "" first: no value
    labels: list[str] = dataclasses.field(default_factory=list)
    error_key: str = ""


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
    description: str = ""
    attributes: list[AttributeField] = dataclasses.field(default_factory=list)


def attribute_fields(session: Session, category_ids: list[int], values: dict[str, str]) -> list[AttributeField]:
    """The specifications the product's categories have, with its current values."""
    fields = []
    for attribute in applicable_attributes(session, category_ids):
        options, labels = [], []
        if attribute.kind == AttributeKind.CHOICE:
            options, labels = ["", *attribute.options], ["—", *attribute.options]
        elif attribute.kind == AttributeKind.FLAG:
            options, labels = ["", "1", "0"], ["—", t("catalog.attribute.yes"), t("catalog.attribute.no")]
        fields.append(
            AttributeField(
                code=attribute.code,
                name=attribute.name,
                kind=attribute.kind,
                unit=attribute.unit,
                value=values.get(attribute.code, ""),
                options=options,
                labels=labels,
                error_key=field_name(attribute.code),
            )
        )
    return fields


MAX_TICKED = 200  # categories a product form may tick; beyond that the rest are ignored


def ticked_fields(*, session: Session, product_id: int, category_ids: list[str]) -> list[AttributeField]:
    """The specification fields of the categories ticked in the form now (before it is saved), with
    the product's stored values."""
    ids = [int(i) for i in category_ids[:MAX_TICKED] if str(i).isdigit() and len(str(i)) <= 12]
    values = product_values(session, product_id) if product_id else {}
    return attribute_fields(session, ids, values)


def new_draft(*, session: Session) -> ProductDraft:
    """An empty form with the specifications every product has (the brand)."""
    return ProductDraft(attributes=attribute_fields(session, [], {}))


def load_draft(*, session: Session, product_id: int) -> ProductDraft:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(t("catalog.error.product_not_found"))
    categories = product_categories(session=session, product_id=product_id)
    return ProductDraft(
        id=product.id or 0,
        name=product.name,
        price=str(product.price),
        discount_price="" if product.discount_price is None else str(product.discount_price),
        stock=str(product.stock),
        image=product.image,
        is_active=product.is_active,
        category_ids=[str(c.id) for c in categories],
        description=product.description,
        attributes=attribute_fields(session, [c.id for c in categories if c.id], product_values(session, product_id)),
    )


def _values(form_data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form_data.get(name, ""))[:500] for name in FIELDS}
    # The description is long text: the catalog's rules say how long is too long.
    values["description"] = str(form_data.get("description", ""))[:50_000]
    values["attributes"] = {
        key.removeprefix(ATTRIBUTE_PREFIX)[:40]: str(value)[:500]
        for key, value in list(form_data.items())[:500]
        if key.startswith(ATTRIBUTE_PREFIX)
    }
    values["discount_price"] = values["discount_price"] or None
    values["is_active"] = form_checkbox(form_data, "is_active")
    values["category_ids"] = [key.removeprefix("category-") for key in form_data if key.startswith("category-")]
    return values


def save_product(*, session: Session, user_id: int, ip: str, product_id: int, form_data: dict[str, Any]) -> int:
    """Create (id 0) or update the product; ValidationFailed carries every field's error."""
    values = _values(form_data)
    who = user_actor(session=session, user_id=user_id, ip=ip)
    # Fields of a category just unticked are not the product's any more: they go with it.
    ids = [int(i) for i in values["category_ids"] if str(i).isdigit()]
    shown = {attribute.code for attribute in applicable_attributes(session, ids)}
    values["attributes"] = {code: value for code, value in values["attributes"].items() if code in shown}
    if product_id:
        product = update_product(session=session, product_id=product_id, changes=values, actor=who)
    else:
        product = create_product(session=session, data=ProductInput(**values), actor=who)
    return product.id or 0


def remove_product(*, session: Session, user_id: int, ip: str, product_id: int) -> None:
    delete_product(session=session, product_id=product_id, actor=user_actor(session=session, user_id=user_id, ip=ip))
