"""Login sessions and their refresh tokens (SPEC A3, A5, A7); tokens are stored only as hashes."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from store_app.core import clock


class LoginSession(SQLModel, table=True):
    """One login: from where, with what, since when; ended by logout, reuse or an admin."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=255)
    started_at: dt.datetime = Field(default_factory=clock.now)
    last_seen_at: dt.datetime = Field(default_factory=clock.now)
    # Moves forward with every new refresh token: a session idle for REFRESH_TOKEN_DAYS dies.
    expires_at: dt.datetime = Field(index=True)
    ended_at: dt.datetime | None = Field(default=None, index=True)
    end_reason: str = Field(default="", max_length=32)
    # Random, carried by every token of the session and compared on every check: a leaked signing key
    # alone cannot forge a token for someone else's session (ids are small sequential integers).
    token_nonce: str = Field(default_factory=lambda: secrets.token_urlsafe(24), max_length=64)


class RefreshToken(SQLModel, table=True):
    """A refresh token of a session. Rotated ones are kept until they expire, for reuse detection;
    `revoked_at` is the blacklist."""

    __tablename__ = "refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(
        sa_column=Column(Integer, ForeignKey("login_session.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    token_hash: str = Field(max_length=64, unique=True)
    issued_at: dt.datetime = Field(default_factory=clock.now)
    expires_at: dt.datetime = Field(index=True)
    rotated_at: dt.datetime | None = Field(default=None)
    revoked_at: dt.datetime | None = Field(default=None)
