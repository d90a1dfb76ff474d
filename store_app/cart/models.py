"""A cart per user (or per guest), with one line per product."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from store_app.core import clock


class Cart(SQLModel, table=True):
    """A user's cart (user_id set) or a guest's (guest_key set).

    `updated_at` changes when the cart is made, a line leaves it or it is emptied; its last change
    is the latest of that and its lines' `updated_at` (see `cart.service.last_change`).
    """

    __tablename__ = "cart"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), unique=True, nullable=True),
    )
    guest_key: str | None = Field(default=None, max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=clock.now)
    updated_at: dt.datetime = Field(default_factory=clock.now)


class CartLine(SQLModel, table=True):
    __tablename__ = "cart_line"
    __table_args__ = (
        UniqueConstraint("cart_id", "product_id", name="uq_cart_line_product"),
        CheckConstraint("quantity >= 1", name="ck_cart_line_quantity_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(
        sa_column=Column(Integer, ForeignKey("cart.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), nullable=False))
    quantity: int = Field(default=1)
    added_at: dt.datetime = Field(default_factory=clock.now)
    # Set with every change of the line, in the same statement: the cart row is not rewritten per click.
    updated_at: dt.datetime = Field(default_factory=clock.now)
