"""Tables of two-factor login: the TOTP secret, the recovery codes and the pending second steps."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from store_app.core import clock


class MfaSecret(SQLModel, table=True):
    """A user's TOTP secret; 2FA is on once `confirmed_at` is set. Never leaves the server.

    Before confirmation the row is the pending setup (it expires): the QR and the key are drawn from it
    by a route that checks the session cookie, so they never pass through a tab's state.
    """

    __tablename__ = "mfa_secret"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    # Sealed (AES-GCM, a key of its own derived from SECRET_KEY, bound to the user): a copy of the
    # database alone gives no one the codes.
    secret: str = Field(max_length=255)
    created_at: dt.datetime = Field(default_factory=clock.now)
    confirmed_at: dt.datetime | None = Field(default=None)
    # The newest 30-second step a code was accepted for: that code and older ones are refused (no replay).
    # Claimed by one conditional UPDATE, so two logins racing with one code cannot both win.
    last_step: int = Field(default=0)
    # The recovery codes just made, sealed, until the user has seen them (or `codes_until` passes):
    # the cabinet fetches them from a route, so they never sit in a tab's (pickled) state.
    codes_sealed: str | None = Field(default=None, max_length=1024)
    codes_until: dt.datetime | None = Field(default=None)


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
