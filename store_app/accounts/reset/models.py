"""The password reset code table (SPEC A4): one live code per user, stored only as a keyed hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from store_app.core import clock

CODE_LIFETIME = dt.timedelta(minutes=10)
CODE_TRIES = 5


class PasswordResetCode(SQLModel, table=True):
    """The code mailed to a user who forgot the password; a new one replaces the old (unique user)."""

    __tablename__ = "password_reset_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    code_hash: str = Field(max_length=64)
    tries_left: int = Field(default=CODE_TRIES)
    created_at: dt.datetime = Field(default_factory=clock.now)
    expires_at: dt.datetime = Field(index=True)
