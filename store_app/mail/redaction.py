"""Secrets in the outbox (issue 9 §3): which mail values are secrets, their masked copy, and the purge.

A message that carries a secret (an activation link, a reset code, any future confirmation link:
list its template here) is rendered twice when queued: as sent, and with each secret masked. The
real text lives only while the message waits for delivery (pending or retrying); once it is sent,
kept without SMTP, or given up, the masked copy replaces it. Staff only ever see the masked copy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col

from store_app.core import clock
from store_app.mail.models import MailMessage, MailStatus

# The context values of each template that open an account to whoever reads them.
SECRET_KEYS: dict[str, tuple[str, ...]] = {
    "activation": ("activation_url",),
    "password_reset_code": ("code",),
    "email_change_confirm": ("confirm_url",),
}
MASK = "••••••"
# Messages that carried a secret are deleted this long after they were queued (with the other
# expired login data), once delivery is over; the masked copy serves support until then.
KEEP_SECRET_MAIL = dt.timedelta(days=30)


def masked_context(template: str, context: dict[str, Any]) -> dict[str, Any] | None:
    """The context with every secret masked, or None when the template carries none."""
    keys = SECRET_KEYS.get(template, ())
    if not keys:
        return None
    return {key: (MASK if key in keys else value) for key, value in context.items()}


def redacted_bodies() -> dict[str, Any]:
    """UPDATE values that put the masked copy in place of the real text (no-op for plain mail)."""
    return {
        "text_body": func.coalesce(MailMessage.masked_text_body, MailMessage.text_body),
        "html_body": func.coalesce(MailMessage.masked_html_body, MailMessage.html_body),
    }


def shown_text(message: MailMessage) -> str:
    """The text staff may read: masked when the message carries a secret, even while it waits."""
    return message.masked_text_body if message.masked_text_body is not None else message.text_body


def purge_secret_mail(*, session: Session) -> int:
    """Delete finished messages that carried a secret, KEEP_SECRET_MAIL after they were queued."""
    cutoff = clock.now() - KEEP_SECRET_MAIL
    result = session.execute(
        delete(MailMessage).where(
            col(MailMessage.masked_text_body).is_not(None),
            col(MailMessage.status) != MailStatus.PENDING.value,
            col(MailMessage.created_at) < cutoff,
        )
    )
    return int(result.rowcount or 0)
