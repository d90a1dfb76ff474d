"""Categories (a tree of any depth) and products; money is Decimal end to end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, Numeric
from sqlmodel import Field, SQLModel

from store_app.core import clock

MONEY = Numeric(12, 2)


class Category(SQLModel, table=True):
    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    slug: str = Field(max_length=140, unique=True, index=True)
    parent_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("category.id", ondelete="RESTRICT"), nullable=True, index=True),
    )
    position: int = Field(default=0)


class ProductCategory(SQLModel, table=True):
    """Links a product to each of its categories (many to many)."""

    __tablename__ = "product_category"

    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), primary_key=True))
    category_id: int = Field(
        sa_column=Column(Integer, ForeignKey("category.id", ondelete="CASCADE"), primary_key=True, index=True)
    )


class Product(SQLModel, table=True):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="ck_product_stock_not_negative"),
        CheckConstraint("price > 0", name="ck_product_price_positive"),
        CheckConstraint(
            "discount_price IS NULL OR (discount_price > 0 AND discount_price < price)",
            name="ck_product_discount_below_price",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    slug: str = Field(max_length=220, unique=True, index=True)
    description: str = Field(default="")
    price: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    discount_price: Decimal | None = Field(default=None, sa_column=Column(MONEY, nullable=True))
    stock: int = Field(default=0)
    image: str = Field(default="", max_length=255)
    is_active: bool = Field(default=True, index=True)
    created_at: dt.datetime = Field(default_factory=clock.now, index=True)
    updated_at: dt.datetime = Field(default_factory=clock.now)

    @property
    def current_price(self) -> Decimal:
        """What a shopper pays for one unit: the discount price when there is one."""
        return self.discount_price if self.discount_price is not None else self.price
