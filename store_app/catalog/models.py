"""Categories (a tree of any depth) and products; money is Decimal end to end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    func,
    text,
)
from sqlmodel import Field, SQLModel

from store_app.core import clock

MONEY = Numeric(12, 2)


class Category(SQLModel, table=True):
    __tablename__ = "category"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    # The name an English reader sees ("" shows them the Russian one): `catalog.names`.
    name_en: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
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


class _Priced:
    """What a shopper pays and whether any is left, alike for a product object and a listed row."""

    __slots__ = ()
    if TYPE_CHECKING:  # declared by each class (as annotations here, pydantic would take them for fields)
        price: Decimal
        discount_price: Decimal | None
        stock: int

    @property
    def current_price(self) -> Decimal:
        """What a shopper pays for one unit: the discount price when there is one."""
        return self.discount_price if self.discount_price is not None else self.price

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


class Product(_Priced, SQLModel, table=True):
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


_product = Product.__table__.c  # type: ignore[attr-defined]


# Every column of a product but the folded name, which only the SQL reads; typed as the model declares them.
_ListedColumns = NamedTuple(  # type: ignore[misc]
    "_ListedColumns",
    [(name, Product.model_fields[name].annotation) for name in Product.model_fields if name != "search_text"],
)


class ListedProduct(_ListedColumns, _Priced):
    """A product as listings read it (cards, the REST list, the CSV): its columns in a plain tuple.
    Loading a page of ORM `Product` objects cost more than the SQL that found them."""

    __slots__ = ()


# `ListedProduct`'s columns, in its order, for the statements that read them.
LISTED_COLUMNS = tuple(_product[name] for name in _ListedColumns._fields)
# The price a shopper pays, as SQL; the price filter and the price sort use this exact expression,
# so the expression index below serves them.
SALE_PRICE = func.coalesce(_product.discount_price, _product.price)
# On sale, written `is_active = true` (not a bare column) so the (is_active, ...) indexes serve listings.
ACTIVE = _product.is_active == True  # noqa: E712

# Listings without a category or search words read products in one of four orders; each has its index.
Index("ix_product_active_created", _product.is_active, _product.created_at, _product.id)
Index("ix_product_active_sale_price", _product.is_active, SALE_PRICE, _product.id)
Index("ix_product_active_search_text", _product.is_active, _product.search_text, _product.id)


class _ListingColumns(SQLModel):
    """What every listing sorts and filters on, copied from the product (the price a shopper pays)."""

    created_at: dt.datetime
    sale_price: Decimal = Field(sa_type=MONEY)
    sort_name: str = Field(max_length=200)


class CategoryListing(_ListingColumns, table=True):
    """Derived from products and their categories: each ACTIVE product once under every category it
    is in and every ancestor of those. A category page is then one index range (count and order),
    whatever the depth. Rebuilt by `catalog.listing` whenever a product or the tree changes."""

    __tablename__ = "category_listing"
    __table_args__ = (
        Index("ix_category_listing_created", "category_id", "created_at", "product_id"),
        Index("ix_category_listing_price", "category_id", "sale_price", "product_id"),
        Index("ix_category_listing_name", "category_id", "sort_name", "product_id"),
        {"sqlite_with_rowid": False},
    )

    category_id: int = Field(sa_column=Column(Integer, ForeignKey("category.id", ondelete="CASCADE"), primary_key=True))
    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), primary_key=True, index=True)
    )


class WordListing(_ListingColumns, table=True):
    """Derived: each word of an ACTIVE product's name, for search by word starts ("galax s2" finds
    "Galaxy S24"). Words compare byte by byte (collation "C" on PostgreSQL), so a prefix is the
    index range [prefix, prefix with its last letter bumped)."""

    __tablename__ = "word_listing"
    __table_args__ = (
        # A word's rows are read whole from the key: SQLite keeps the table in key order (no rowid),
        # PostgreSQL carries the listing columns in the key's index.
        PrimaryKeyConstraint("word", "product_id", postgresql_include=["created_at", "sale_price", "sort_name"]),
        Index("ix_word_listing_product_word", "product_id", "word"),
        {"sqlite_with_rowid": False},
    )

    word: str = Field(
        sa_column=Column(String(64).with_variant(String(64, collation="C"), "postgresql"), nullable=False)
    )
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), nullable=False))


class ProductPicture(SQLModel, table=True):
    """A product's gallery: its pictures in order; the first is the main one, copied to `Product.image`
    (what cards and the cart show) by `catalog.pictures`."""

    __tablename__ = "product_picture"
    __table_args__ = (Index("ix_product_picture_product_position", "product_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), nullable=False))
    path: str = Field(max_length=255)  # /media/products/<random>.webp, or a shipped /catalog/... picture
    position: int = Field(default=0)


class WordPartListing(_ListingColumns, table=True):
    """Derived: every text a search word may start, of each ACTIVE product, weighed by where it is
    (`query.weighted_words`): the words of the name, every ending of them of 3+ letters (so "фон"
    finds "Смартфон": a prefix range here is a substring of a word) and the words of the description.
    All of a search is then index ranges; a product's relevance is the sum of the best weight each
    word asked for finds."""

    __tablename__ = "word_part_listing"
    __table_args__ = (
        PrimaryKeyConstraint(
            "word", "product_id", postgresql_include=["created_at", "sale_price", "sort_name", "weight"]
        ),
        # A product's rows (to rewrite them, and a facet's further search words): (product, word range).
        Index("ix_word_part_listing_product_word", "product_id", "word", "weight"),
        # A text's rows of one weight in product order: a level of relevance of a search, read and
        # counted from the index (the table's own order is by product only).
        Index("ix_word_part_listing_word_weight", "word", "weight", "product_id"),
        # The words only a description has: what a further search word needs the listing for.
        Index(
            "ix_word_part_listing_described",
            "word",
            "product_id",
            sqlite_where=text("weight = 1"),
            postgresql_where=text("weight = 1"),
        ),
        {"sqlite_with_rowid": False},
    )

    word: str = Field(
        sa_column=Column(String(64).with_variant(String(64, collation="C"), "postgresql"), nullable=False)
    )
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), nullable=False))
    weight: int = Field(sa_column=Column(SmallInteger, nullable=False))


CATALOG_VERSION_ROW = 1


class CatalogVersion(SQLModel, table=True):
    """One row whose number moves on in the same transaction as every catalog write
    (`listing_counts`), so any worker process tells with one key look-up whether what it keeps of
    the catalog (the facet index, kept counts) is older than the database."""

    __tablename__ = "catalog_version"

    id: int = Field(primary_key=True)  # always CATALOG_VERSION_ROW
    version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
