"""What makes a product valid (SPEC B2): every field checked, every error collected by field."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from store_app.catalog.attributes import Value, check_values
from store_app.catalog.field_rules import image_errors, text_errors
from store_app.catalog.models import Category, Product
from store_app.catalog.query import MAX_PRICE, searchable_text
from store_app.catalog.slugs import choose_slug
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t
from store_app.core.money import to_money

MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 20_000
MAX_STOCK = 1_000_000_000


@dataclasses.dataclass
class ProductInput:
    """A product as a form or an API body gives it: loose types, checked by `validate_product`."""

    name: str
    price: Decimal | str | int
    description: str = ""
    slug: str = ""  # made from the name when empty
    discount_price: Decimal | str | int | None = None
    stock: int | str = 0
    image: str = ""
    is_active: bool = True
    category_ids: Sequence[int] = ()
    # Specifications by attribute code ("" removes one); None leaves them as they are.
    attributes: Mapping[str, Any] | None = None

    @classmethod
    def from_product(
        cls, product: Product, *, category_ids: Sequence[int], attributes: Mapping[str, str] | None = None
    ) -> ProductInput:
        return cls(
            name=product.name,
            price=product.price,
            description=product.description,
            slug=product.slug,
            discount_price=product.discount_price,
            stock=product.stock,
            image=product.image,
            is_active=product.is_active,
            category_ids=list(category_ids),
            attributes=attributes,
        )


@dataclasses.dataclass(frozen=True)
class CleanProduct:
    name: str
    slug: str
    description: str
    price: Decimal
    discount_price: Decimal | None
    stock: int
    image: str
    is_active: bool
    category_ids: tuple[int, ...]
    values: dict[int, Value] | None = None  # attribute id -> value; None: unchanged

    def columns(self) -> dict[str, Any]:
        """The values of the product row (the category links and specifications are stored apart)."""
        apart = {"category_ids", "values"}
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in apart}
        return {**values, "search_text": searchable_text(self.name)}


def _amount(raw: Any, errors: list[str]) -> Decimal | None:
    try:
        amount = to_money(raw)
    except ValueError:
        errors.append(t("catalog.error.price_format"))
        return None
    if amount != Decimal(str(raw).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")):
        # 12.345 would be stored as 12.35: say so instead of changing the price behind the admin's back.
        errors.append(t("catalog.error.price_cents"))
        return None
    if amount <= 0 or amount > MAX_PRICE:
        errors.append(t("catalog.error.price_range"))
        return None
    return amount


def _stock(raw: Any, errors: list[str]) -> int:
    try:
        stock = int(str(raw).strip())
    except ValueError:
        errors.append(t("catalog.error.stock_format"))
        return 0
    if stock < 0:
        errors.append(t("catalog.error.stock_negative"))
    elif stock > MAX_STOCK:
        errors.append(t("catalog.error.stock_format"))
    return stock


def _category_ids(session: Session, raw: Sequence[Any], errors: list[str]) -> tuple[int, ...]:
    try:
        wanted = tuple(dict.fromkeys(int(value) for value in raw))
    except (TypeError, ValueError):
        errors.append(t("catalog.error.category_missing"))
        return ()
    if wanted:
        known = set(session.exec(select(Category.id).where(col(Category.id).in_(wanted))))
        if len(known) != len(wanted):
            errors.append(t("catalog.error.category_missing"))
    return wanted


def validate_product(
    *, session: Session, data: ProductInput, product_id: int | None, kept: Mapping[str, str] | None = None
) -> CleanProduct:
    """The product as it will be stored, or ValidationFailed with every problem under its field.

    `kept` are the product's current specifications: kept unless `data.attributes` changes them,
    dropped quietly when the new categories no longer have their attribute."""
    errors: dict[str, list[str]] = defaultdict(list)
    for field in ("name", "description", "slug"):
        errors[field].extend(text_errors(str(getattr(data, field))))
    name = " ".join(str(data.name).split())
    if not name or len(name) > MAX_NAME_LENGTH:
        errors["name"].append(t("catalog.error.product_name", max=MAX_NAME_LENGTH))
    slug, slug_error = choose_slug(session=session, model=Product, given=data.slug, name=name, exclude_id=product_id)
    if slug_error:
        errors["slug"].append(t(slug_error))
    description = str(data.description).strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        errors["description"].append(t("catalog.error.description_length", max=MAX_DESCRIPTION_LENGTH))
    price = _amount(data.price, errors["price"])
    discount_price = None
    if data.discount_price is not None and str(data.discount_price).strip():
        discount_price = _amount(data.discount_price, errors["discount_price"])
        if discount_price is not None and price is not None and discount_price >= price:
            errors["discount_price"].append(t("catalog.error.discount_not_lower"))
    stock = _stock(data.stock, errors["stock"])
    image = str(data.image).strip()
    errors["image"].extend(image_errors(image))
    category_ids = _category_ids(session, data.category_ids, errors["category_ids"])
    values = None
    if data.attributes is not None or (kept and not errors["category_ids"]):
        given = dict(data.attributes or {})
        values = check_values(session, category_ids=category_ids, given=given, kept=kept or {}, errors=errors)
    if any(errors.values()):
        raise ValidationFailed(dict(errors))
    assert price is not None
    return CleanProduct(
        name=name,
        slug=slug,
        description=description,
        price=price,
        discount_price=discount_price,
        stock=stock,
        image=image,
        is_active=bool(data.is_active),
        category_ids=category_ids,
        values=values,
    )
