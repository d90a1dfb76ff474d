"""The pending email change: the new address waiting for its link to be opened (only the token's hash is kept)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from store_app.core import clock


class EmailChange(SQLModel, table=True):
    """One request per account at a time: a new request deletes the older one, so its link stops working."""

    __tablename__ = "email_change"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    new_email: str = Field(max_length=254)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=clock.now)
    expires_at: dt.datetime = Field(index=True)
    used_at: dt.datetime | None = Field(default=None)
