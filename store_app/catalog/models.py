"""Categories (a tree of any depth) and products; money is Decimal end to end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, Numeric, String, func
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
    image: str = Field(default="", max_length=255)


class ProductCategory(SQLModel, table=True):
    """Links a product to each of its categories (many to many)."""

    __tablename__ = "product_category"
    # Category filters read product ids per category straight from this index.
    __table_args__ = (Index("ix_product_category_category_product", "category_id", "product_id"),)

    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), primary_key=True))
    category_id: int = Field(sa_column=Column(Integer, ForeignKey("category.id", ondelete="CASCADE"), primary_key=True))


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
    name: str = Field(max_length=200)
    slug: str = Field(max_length=220, unique=True, index=True)
    description: str = Field(default="")
    price: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    discount_price: Decimal | None = Field(default=None, sa_column=Column(MONEY, nullable=True))
    stock: int = Field(default=0)
    image: str = Field(default="", max_length=255)
    is_active: bool = Field(default=True)
    # The name folded for matching and ordering (casefold, ё -> е); kept in step by the catalog service.
    search_text: str = Field(default="", max_length=200)
    created_at: dt.datetime = Field(default_factory=clock.now)
    updated_at: dt.datetime = Field(default_factory=clock.now)

    @property
    def current_price(self) -> Decimal:
        """What a shopper pays for one unit: the discount price when there is one."""
        return self.discount_price if self.discount_price is not None else self.price

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


_product = Product.__table__.c  # type: ignore[attr-defined]
# The price a shopper pays, as SQL; the price filter and the price sort use this exact expression,
# so the expression index below serves them.
SALE_PRICE = func.coalesce(_product.discount_price, _product.price)

# Every catalog listing shows active products in one of four orders; each order has its index.
Index("ix_product_active_created", _product.is_active, _product.created_at, _product.id)
Index("ix_product_active_sale_price", _product.is_active, SALE_PRICE, _product.id)
Index("ix_product_active_search_text", _product.is_active, _product.search_text, _product.id)
# Filtering by category or by search words yields a set of product ids; this narrow index holds
# what the remaining filters and every sort need, so those ids never touch the wide table rows.
Index(
    "ix_product_listing",
    _product.id,
    _product.is_active,
    _product.stock,
    _product.created_at,
    SALE_PRICE,
    _product.search_text,
)


class ProductSearchWord(SQLModel, table=True):
    """Each word of a product's name, for search by word prefixes ("galax s2" finds "Galaxy S24").

    Kept in step by the catalog service. The words compare byte by byte (collation "C" on
    PostgreSQL), so a prefix is the index range [prefix, prefix with its last letter bumped)."""

    __tablename__ = "product_search_word"

    word: str = Field(
        sa_column=Column(
            String(64).with_variant(String(64, collation="C"), "postgresql"), primary_key=True, nullable=False
        )
    )
    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), primary_key=True, index=True)
    )
