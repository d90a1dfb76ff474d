"""Tables of two-factor login: the TOTP secret, the recovery codes and the pending second steps."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from store_app.core import clock


class MfaSecret(SQLModel, table=True):
    """A user's TOTP secret; 2FA is on once `confirmed_at` is set. Never leaves the server after setup."""

    __tablename__ = "mfa_secret"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    secret: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=clock.now)
    confirmed_at: dt.datetime | None = Field(default=None)
    # The newest 30-second step a code was accepted for: that code and older ones are refused (no replay).
    last_step: int = Field(default=0)


class MfaRecoveryCode(SQLModel, table=True):
    """One single-use recovery code; only its sha256 is kept."""

    __tablename__ = "mfa_recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    code_hash: str = Field(max_length=64)
    used_at: dt.datetime | None = Field(default=None)


class MfaChallenge(SQLModel, table=True):
    """A password step that passed and waits for the code: only the sha256 of its random token is kept."""

    __tablename__ = "mfa_challenge"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False))
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=clock.now)
    expires_at: dt.datetime = Field(index=True)
    used_at: dt.datetime | None = Field(default=None)
