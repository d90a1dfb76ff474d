"""Users, their profiles and activation links; the password hash never leaves these tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, Integer, func
from sqlmodel import Field, SQLModel

from store_app.core import clock
from store_app.core.i18n import current_language


class User(SQLModel, table=True):
    """An account: how a person logs in, and what they may do."""

    __tablename__ = "user_account"
    # Ids are never handed out twice (SQLite would reuse the newest deleted one): limits, history and
    # anything else keyed on an id must not pass to a later account (issue 17; migration limits_user_ids).
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=32)
    email: str = Field(max_length=254)
    password_hash: str = Field(max_length=255)
    is_active: bool = Field(default=True)
    is_staff: bool = Field(default=False)
    email_confirmed_at: dt.datetime | None = Field(default=None)
    password_changed_at: dt.datetime = Field(default_factory=clock.now)
    created_at: dt.datetime = Field(default_factory=clock.now, index=True)
    updated_at: dt.datetime = Field(default_factory=clock.now)
    # `ru` or `en`: what the shopper last used (the navbar switch, or the browser's at login); mails follow it.
    # A new account takes the language it was made in.
    language: str = Field(default_factory=current_language, max_length=2, sa_column_kwargs={"server_default": "ru"})


# Logins and emails are unique regardless of case (SPEC A1).
Index("uq_user_login_ci", func.lower(User.__table__.c.login), unique=True)  # type: ignore[attr-defined]
Index("uq_user_email_ci", func.lower(User.__table__.c.email), unique=True)  # type: ignore[attr-defined]


class Profile(SQLModel, table=True):
    """Personal data of a user, one row per user, removed with the account."""

    __tablename__ = "user_profile"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    patronymic: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=20)
    birth_date: dt.date | None = Field(default=None)
    address: str = Field(default="", max_length=500)
    avatar_path: str = Field(default="", max_length=255)
    updated_at: dt.datetime = Field(default_factory=clock.now)


class ActivationToken(SQLModel, table=True):
    """An emailed activation link (SPEC A2): only the sha256 of the token is kept; single use, expiring."""

    __tablename__ = "activation_token"
    __table_args__ = (Index("ix_activation_token_user_created", "user_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False))
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=clock.now)
    expires_at: dt.datetime = Field(index=True)
    used_at: dt.datetime | None = Field(default=None)
    # Set when a newer link was sent: only the newest link works.
    superseded_at: dt.datetime | None = Field(default=None)


class UserPublic(SQLModel):
    """What may be shown about a user (API and pages); no hash, no secrets."""

    id: int
    login: str
    email: str
    is_active: bool
    is_staff: bool
    email_confirmed: bool
    created_at: dt.datetime
