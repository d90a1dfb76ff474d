"""Secrets at rest in the outbox (issue 9 §3): real text only while delivery goes on, masked for staff, purged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from store_app.accounts.sessions.purge import purge_login_data_job
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.mail.delivery import MAX_ATTEMPTS, RETRY_DELAYS, deliver_due
from store_app.mail.models import MailMessage, MailStatus
from store_app.mail.redaction import MASK
from store_app.mail.service import text_for_staff
from tests.mail.factories import ACTIVATION_TOKEN, queue_committed, reload
from tests.utils.mailbox import Mailbox, body_text

pytestmark = pytest.mark.usefixtures("db_url")
RESET_CODE = "493027"


def _has_secret(message: MailMessage) -> bool:
    return any(
        secret in part for part in (message.text_body, message.html_body) for secret in (ACTIVATION_TOKEN, RESET_CODE)
    )


def test_a_sent_activation_mail_keeps_only_its_masked_copy(smtp_to_mailbox: Mailbox) -> None:
    queued = queue_committed(to="anna@example.com")
    assert _has_secret(reload(queued.id)), "the real link is needed until delivery"

    assert deliver_due() == 1

    assert ACTIVATION_TOKEN in body_text(smtp_to_mailbox.wait_for(to="anna@example.com", timeout=5))
    row = reload(queued.id)
    assert row.status == MailStatus.SENT and not _has_secret(row)
    assert MASK in row.text_body and MASK in row.html_body
    assert "Подтвердите" in row.subject and "72" in row.text_body  # the rest stays readable for support


def admin_mail_text(message_id: int | None) -> str:
    """What /admin/mail shows staff of a message."""
    with session_scope() as session:
        return text_for_staff(session=session, message_id=message_id or 0)


@pytest.mark.parametrize("template", ["activation", "password_reset_code"])
def test_a_mail_kept_without_smtp_is_redacted_and_staff_never_see_the_secret(template: str) -> None:
    queued = queue_committed(to="offline@example.com", template=template)
    assert MASK in admin_mail_text(queued.id) and ACTIVATION_TOKEN not in admin_mail_text(queued.id)
    assert RESET_CODE not in admin_mail_text(queued.id)  # masked for staff even while it waits

    deliver_due()

    row = reload(queued.id)
    assert row.status == MailStatus.STORED and not _has_secret(row)


def test_a_retried_mail_keeps_its_secret_until_it_is_given_up(
    use_smtp: Callable[[int], None], closed_port: int
) -> None:
    use_smtp(closed_port)
    queued = queue_committed(to="unlucky@example.com", template="password_reset_code")
    deliver_due()
    assert reload(queued.id).status == MailStatus.PENDING and _has_secret(reload(queued.id))

    for delay in RETRY_DELAYS:
        clock.advance(delay)
        deliver_due()

    row = reload(queued.id)
    assert (row.status, row.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS) and not _has_secret(row)


def test_a_mail_without_a_secret_is_kept_as_sent(smtp_to_mailbox: Mailbox) -> None:
    queued = queue_committed(to="buyer@example.com", template="order_confirmation")
    deliver_due()
    row = reload(queued.id)
    assert row.masked_text_body is None and "V-10042" in row.text_body and MASK not in row.text_body
    assert "V-10042" in admin_mail_text(queued.id)


def test_finished_secret_mails_are_purged_after_thirty_days_with_the_login_data() -> None:
    secret = queue_committed(to="old@example.com")
    plain = queue_committed(to="old@example.com", template="order_confirmation")
    deliver_due()
    clock.advance(dt.timedelta(days=29))
    waiting = queue_committed(to="new@example.com")  # never delivered: still pending
    purge_login_data_job()
    assert reload(secret.id)

    clock.advance(dt.timedelta(days=31, seconds=1))
    purge_login_data_job()

    with session_scope() as session:
        assert session.get(MailMessage, secret.id) is None
        assert session.get(MailMessage, plain.id) is not None
        assert session.get(MailMessage, waiting.id) is not None
