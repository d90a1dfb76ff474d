"""Product specifications (SPEC B2 extended): typed attributes per category and the products' values.

An attribute belongs to a category and applies to every category below it (no category: to every
product). A product holds at most one value per attribute. FacetListing is derived, like the other
listings: each active product's value under every listing category where the attribute applies,
so a facet's counts for a category are one index range.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, PrimaryKeyConstraint, String
from sqlmodel import Field, SQLModel

from store_app.catalog.models import MONEY


class AttributeKind(enum.StrEnum):
    NUMBER = "number"  # a number with a unit: a range filter
    CHOICE = "choice"  # one of a fixed list: values with counts
    FLAG = "flag"  # yes / no: values with counts
    TEXT = "text"  # free text: shown, not filtered on


FACETED = (AttributeKind.CHOICE, AttributeKind.FLAG)
ALL_CATALOG = 0  # FacetListing's category for the catalog without a category (attributes of every product)


class Attribute(SQLModel, table=True):
    __tablename__ = "attribute"

    id: int | None = Field(default=None, primary_key=True)
    # The URL's key (`f.<code>=...`) and the API's: unique in the shop.
    code: str = Field(max_length=40, unique=True, index=True)
    name: str = Field(max_length=80)
    kind: str = Field(max_length=10)
    unit: str = Field(default="", max_length=20)
    # The options of a choice, one per line, in the order shops show them.
    choices: str = Field(default="")
    # The heading it sits under in the product's specifications table ("Экран", "Память").
    group: str = Field(default="", max_length=60)
    # What an English reader sees instead ("" shows them the Russian): the name, the unit, the heading, and
    # the options' names, a line for each option in the same order or none (`catalog.names`). Products
    # store the Russian option, which the filter URLs name too, so a URL is the same in both languages.
    name_en: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    unit_en: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    group_en: str = Field(default="", max_length=60, sa_column_kwargs={"server_default": ""})
    choices_en: str = Field(default="", sa_column_kwargs={"server_default": ""})
    category_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("category.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    position: int = Field(default=0)

    @property
    def options(self) -> list[str]:
        return [line for line in self.choices.splitlines() if line]

    @property
    def options_en(self) -> list[str]:
        return [line for line in self.choices_en.splitlines() if line]


class ProductAttributeValue(SQLModel, table=True):
    """A product's value of one attribute: the text shown (a choice's option, "1"/"0", a number in
    plain digits) and, for numbers, the number that ranges compare."""

    __tablename__ = "product_attribute_value"
    __table_args__ = (Index("ix_product_attribute_value_attribute_value", "attribute_id", "value", "product_id"),)

    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), primary_key=True))
    attribute_id: int = Field(
        sa_column=Column(Integer, ForeignKey("attribute.id", ondelete="CASCADE"), primary_key=True)
    )
    value: str = Field(max_length=200)
    number: float | None = Field(default=None, sa_column=Column(Float, nullable=True))


class FacetListing(SQLModel, table=True):
    """Derived from values, products and the tree: (listing category, attribute, value, product) for
    each active product, under every category it is listed in where the attribute applies, and under
    ALL_CATALOG for attributes of every product. Rebuilt with the other listings (`catalog.listing`)."""

    __tablename__ = "facet_listing"
    __table_args__ = (
        PrimaryKeyConstraint(
            "category_id", "attribute_id", "value", "product_id", postgresql_include=["sale_price", "number"]
        ),
        Index("ix_facet_listing_product", "product_id"),
        {"sqlite_with_rowid": False},
    )

    # Not a foreign key: ALL_CATALOG is no category. Rows of a removed category go with the refresh that follows.
    category_id: int = Field(sa_column=Column(Integer, nullable=False))
    attribute_id: int = Field(sa_column=Column(Integer, ForeignKey("attribute.id", ondelete="CASCADE"), nullable=False))
    value: str = Field(sa_column=Column(String(200), nullable=False))
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), nullable=False))
    number: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    sale_price: Decimal = Field(sa_column=Column(MONEY, nullable=False))
