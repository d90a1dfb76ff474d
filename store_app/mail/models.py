"""The mail outbox table: one row per message, rendered when queued, delivered by a periodic job."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from store_app.core import clock


class MailStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for (another) delivery attempt
    SENT = "sent"  # the SMTP server accepted it
    STORED = "stored"  # no SMTP_HOST: kept in the outbox for the admin page
    FAILED = "failed"  # gave up after the last attempt


class MailMessage(SQLModel, table=True):
    """A rendered message and its delivery state; bodies are kept so a retry sends the same text
    (a secret in them only until delivery is over: see mail/redaction.py)."""

    __tablename__ = "mail_message"
    __table_args__ = (
        # The delivery query: pending rows whose next attempt is due, oldest first.
        Index("ix_mail_message_status_next_attempt_at", "status", "next_attempt_at"),
        # "Did the activation mail to this address go out?" (latest_message_to).
        Index("ix_mail_message_recipient_template", "recipient", "template"),
    )

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(max_length=320)
    subject: str = Field(max_length=500)
    text_body: str = Field(sa_type=Text)
    html_body: str = Field(sa_type=Text)
    # The same message with its secrets masked (mail/redaction.py); None when it carries no secret.
    masked_text_body: str | None = Field(default=None, sa_type=Text)
    masked_html_body: str | None = Field(default=None, sa_type=Text)
    template: str = Field(max_length=64)
    language: str = Field(default="ru", max_length=8)
    status: str = Field(default=MailStatus.PENDING.value, max_length=16)
    attempts: int = Field(default=0)
    # The SMTP error of the latest failed attempt, with any SMTP credential removed.
    last_error: str = Field(default="", max_length=500)
    created_at: dt.datetime = Field(default_factory=clock.now, index=True)
    sent_at: dt.datetime | None = Field(default=None)
    next_attempt_at: dt.datetime = Field(default_factory=clock.now)
