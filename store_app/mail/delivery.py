"""Deliver due outbox rows: claim them atomically, send over SMTP (or keep them), record the outcome.

Runs as the periodic job "mail-delivery" (each 5-second turn in one worker of all, by lease; and at once in
the worker that has just queued a mail), never inside an event handler.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select, update

from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.settings import get_settings
from store_app.mail.models import MailMessage, MailStatus
from store_app.mail.redaction import redacted_bodies
from store_app.mail.smtp import smtp_connection

logger = logging.getLogger(__name__)

# Wait after the 1st, 2nd, ... failed attempt; the attempt after the last delay is the final one.
RETRY_DELAYS = (dt.timedelta(seconds=30), dt.timedelta(minutes=2), dt.timedelta(minutes=10), dt.timedelta(hours=1))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A claimed row is hidden from other workers this long; if its worker dies mid-send it becomes due again.
CLAIM_LEASE = dt.timedelta(minutes=15)

_PENDING = MailStatus.PENDING.value
_FINAL = {MailStatus.SENT.value, MailStatus.STORED.value, MailStatus.FAILED.value}


def _due(now: dt.datetime) -> tuple[Any, ...]:
    return (MailMessage.status == _PENDING, MailMessage.next_attempt_at <= now)  # type: ignore[operator]


def _claim_due(*, now: dt.datetime, limit: int) -> list[MailMessage]:
    """Take up to `limit` due rows for this worker: one UPDATE moves them out of everyone's reach.

    On PostgreSQL the SELECT skips rows another worker is claiming (SKIP LOCKED) and re-checks a
    row that was claimed meanwhile, so a row is never claimed twice. It sits in a CTE because a
    locking CTE runs exactly once: as an `IN (subquery)` the planner may re-run it for every row
    and claim far more than `limit`. SQLite runs one writer at a time, which makes the single
    statement atomic there too.
    """
    with session_scope() as session:
        # A plain read first, so an idle outbox never takes SQLite's write lock.
        if session.execute(select(MailMessage.id).where(*_due(now)).limit(1)).first() is None:
            return []
    due_ids = (
        select(MailMessage.id)
        .where(*_due(now))
        .order_by(MailMessage.next_attempt_at, MailMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due_mail")
    )
    claim = (
        update(MailMessage)
        .where(MailMessage.id == due_ids.c.id, *_due(now))  # type: ignore[arg-type]
        .values(attempts=MailMessage.attempts + 1, next_attempt_at=now + CLAIM_LEASE)
        .returning(MailMessage)
        .execution_options(synchronize_session=False)
    )
    with session_scope() as session:
        claimed = list(session.scalars(claim))
    return sorted(claimed, key=lambda message: message.id or 0)


def _record(message: MailMessage, **values: Any) -> None:
    """Write the outcome, unless the lease ran out and another worker has claimed the row since.

    A final outcome (sent, kept, failed) also puts the masked copy in place of a secret-carrying text.
    """
    if values.get("status") in _FINAL:
        values.update(redacted_bodies())
    with session_scope() as session:
        session.execute(
            update(MailMessage)
            .where(MailMessage.id == message.id, MailMessage.attempts == message.attempts)  # type: ignore[arg-type]
            .values(**values)
        )


def _keep_in_outbox(message: MailMessage) -> None:
    _record(message, status=MailStatus.STORED.value, last_error="")
    note = "mail #%s to %s kept in the outbox (SMTP_HOST is not set): %s"
    if get_settings().log_mail_bodies:
        # An explicit opt-in (LOG_MAIL_BODIES=1) for a developer's own console; never by default, not even
        # in development: links and codes in a log are account takeovers for whoever reads it (SPEC H5).
        logger.info(note + "\n%s", message.id, message.recipient, message.subject, message.text_body)
    else:
        logger.info(note, message.id, message.recipient, message.subject)


def _record_failure(message: MailMessage, *, error: str, now: dt.datetime) -> None:
    if message.attempts >= MAX_ATTEMPTS:
        _record(message, status=MailStatus.FAILED.value, last_error=error)
        logger.error(
            "mail #%s to %s failed for good after %s attempts: %s",
            message.id,
            message.recipient,
            message.attempts,
            error,
        )
        return
    retry_at = now + RETRY_DELAYS[message.attempts - 1]
    _record(message, next_attempt_at=retry_at, last_error=error)
    logger.warning(
        "mail #%s to %s not sent (attempt %s of %s), retry at %s: %s",
        message.id,
        message.recipient,
        message.attempts,
        MAX_ATTEMPTS,
        retry_at.isoformat(timespec="seconds"),
        error,
    )


def deliver_due(*, now: dt.datetime | None = None, limit: int = 50) -> int:
    """Send (or, without SMTP_HOST, keep) the due messages; returns how many left the queue."""
    now = now or clock.now()
    claimed = _claim_due(now=now, limit=limit)
    if not claimed:
        return 0
    settings = get_settings()
    if not settings.smtp_host:
        for message in claimed:
            _keep_in_outbox(message)
        return len(claimed)
    delivered = 0
    with smtp_connection(settings) as smtp:
        # When the server cannot be reached at all, every claimed message fails with that reason.
        unusable = smtp.open()
        for message in claimed:
            error = unusable or smtp.send(message)
            if error:
                _record_failure(message, error=error, now=now)
                continue
            _record(message, status=MailStatus.SENT.value, sent_at=clock.now(), last_error="")
            logger.info("mail #%s to %s sent: %s", message.id, message.recipient, message.subject)
            delivered += 1
    return delivered
