"""Products a shopper keeps aside: favourites and the comparison list, for a user or a guest."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from store_app.core import clock


class SavedList(enum.StrEnum):
    FAVOURITES = "favourites"
    COMPARE = "compare"


class SavedProduct(SQLModel, table=True):
    """One product on one of a user's (user_id) or a guest's (guest_key, the guest cart's digest) lists."""

    __tablename__ = "saved_product"
    __table_args__ = (
        UniqueConstraint("list_name", "user_id", "product_id", name="uq_saved_product_user"),
        UniqueConstraint("list_name", "guest_key", "product_id", name="uq_saved_product_guest"),
        Index("ix_saved_product_guest", "guest_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=12)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    guest_key: str | None = Field(default=None, max_length=64)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("product.id", ondelete="CASCADE"), nullable=False))
    created_at: dt.datetime = Field(default_factory=clock.now)
    # A shopper's favourite that was sold out: mail them once when it is back (catalog/restock.py).
    notify_restock: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false(), default=False)
    )
