"""Orders and their lines; prices are frozen at order time, so later price changes never alter an order."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from store_app.catalog.models import MONEY
from store_app.core import clock


class OrderStatus(enum.StrEnum):
    NEW = "new"
    CONFIRMED = "confirmed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


CASH_ON_DELIVERY = "cash_on_delivery"


class Order(SQLModel, table=True):
    """One checkout. `user_id` becomes NULL when the account is deleted: the order stays, anonymised."""

    __tablename__ = "order"
    __table_args__ = (
        CheckConstraint(
            "status IN ('new', 'confirmed', 'shipped', 'delivered', 'cancelled')", name="ck_order_status_known"
        ),
        CheckConstraint("total >= 0 AND subtotal >= total", name="ck_order_totals_consistent"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True, index=True)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    contact_name: str = Field(max_length=200)
    phone: str = Field(max_length=20)
    delivery_address: str = Field(max_length=500)
    status: str = Field(default=OrderStatus.NEW.value, max_length=16, index=True)
    payment_method: str = Field(default=CASH_ON_DELIVERY, max_length=32)
    items_count: int = Field(default=0)
    subtotal: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    savings: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    total: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    created_at: dt.datetime = Field(default_factory=clock.now, index=True)
    updated_at: dt.datetime = Field(default_factory=clock.now)


class OrderLine(SQLModel, table=True):
    """A product as it was bought: name and prices copied, the product link kept while it exists."""

    __tablename__ = "order_line"
    __table_args__ = (CheckConstraint("quantity >= 1", name="ck_order_line_quantity_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(
        sa_column=Column(Integer, ForeignKey("order.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    product_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("product.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    product_name: str = Field(max_length=200)
    unit_price: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    regular_price: Decimal = Field(sa_column=Column(MONEY, nullable=False))
    quantity: int
    line_total: Decimal = Field(sa_column=Column(MONEY, nullable=False))
