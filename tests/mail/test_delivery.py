"""Delivery over a real loopback SMTP server: sent, kept in the outbox, retried, given up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from store_app.core import clock
from store_app.core.db import session_scope
from store_app.mail.delivery import MAX_ATTEMPTS, RETRY_DELAYS, deliver_due
from store_app.mail.models import MailStatus
from store_app.mail.service import latest_message_to
from store_app.mail.smtp import SmtpConnection
from tests.mail.conftest import RefusingServer
from tests.mail.factories import ACTIVATION_URL, queue_committed, reload
from tests.utils.mailbox import Mailbox, body_text

pytestmark = pytest.mark.usefixtures("db_url")


def test_queued_activation_mail_arrives_with_subject_text_html_and_link(smtp_to_mailbox: Mailbox) -> None:
    queued = queue_committed(to="anna@example.com")

    assert deliver_due() == 1

    received = smtp_to_mailbox.wait_for(to="anna@example.com", timeout=5)
    assert received["Subject"] == "Подтвердите адрес почты в магазине «Вольт»"
    assert received["From"] == "Volt <shop@volt-shop.example>"
    assert received["Message-ID"].startswith(f"<store-mail-{queued.id}.")
    assert ACTIVATION_URL in body_text(received)
    html_part = received.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert 'href="http://localhost:3000/activate?token=tok-Zq8vN3xK1pW7rT5yB2mH&amp;lang=ru"' in html
    row = reload(queued.id)
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT, 1, "")
    assert row.sent_at is not None


def test_sent_message_is_not_sent_again(smtp_to_mailbox: Mailbox) -> None:
    queue_committed(to="once@example.com")
    assert deliver_due() == 1
    clock.advance(dt.timedelta(days=1))

    assert deliver_due() == 0
    assert len(smtp_to_mailbox.messages) == 1


def test_without_smtp_host_the_message_is_stored_in_the_outbox(mailbox: Mailbox) -> None:
    queued = queue_committed(to="offline@example.com")

    assert deliver_due() == 1

    row = reload(queued.id)
    assert row.status == MailStatus.STORED
    assert row.sent_at is None
    assert mailbox.messages == []
    assert deliver_due() == 0, "a stored message stays in the outbox"


def test_refused_connection_is_retried_with_backoff_then_given_up(
    use_smtp: Callable[[int], None], closed_port: int
) -> None:
    use_smtp(closed_port)
    queued = queue_committed(to="unlucky@example.com")
    # README: retried after 30 s, 2 min, 10 min and 1 h; failed after the fifth attempt.
    minutes = [delay.total_seconds() / 60 for delay in RETRY_DELAYS]
    assert (minutes, MAX_ATTEMPTS) == ([0.5, 2, 10, 60], 5)

    assert deliver_due() == 0
    for attempt, delay in enumerate(RETRY_DELAYS, start=1):
        row = reload(queued.id)
        assert (row.status, row.attempts) == (MailStatus.PENDING, attempt)
        assert "ConnectionRefusedError" in row.last_error
        clock.advance(delay - dt.timedelta(seconds=1))
        assert deliver_due() == 0
        assert reload(queued.id).attempts == attempt, "retried before its backoff ran out"
        clock.advance(dt.timedelta(seconds=1))
        assert deliver_due() == 0

    row = reload(queued.id)
    assert (row.status, row.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS)
    assert "ConnectionRefusedError" in row.last_error
    clock.advance(dt.timedelta(days=2))
    assert deliver_due() == 0
    assert reload(queued.id).attempts == MAX_ATTEMPTS, "a failed message is not tried again"


def test_temporary_refusal_is_retried_until_the_server_accepts(
    use_smtp: Callable[[int], None], refusing_server: Callable[[int], RefusingServer]
) -> None:
    server = refusing_server(2)
    use_smtp(server.port)
    queued = queue_committed(to="patient@example.com")

    assert deliver_due() == 0
    assert "451" in reload(queued.id).last_error
    clock.advance(RETRY_DELAYS[0])
    assert deliver_due() == 0
    clock.advance(RETRY_DELAYS[1])
    assert deliver_due() == 1

    row = reload(queued.id)
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT, 3, "")
    assert (server.refused, len(server.accepted)) == (2, 1)


def test_server_that_never_accepts_leaves_a_failed_message_the_account_can_see(
    use_smtp: Callable[[int], None], refusing_server: Callable[[int], RefusingServer]
) -> None:
    server = refusing_server(MAX_ATTEMPTS)
    use_smtp(server.port)
    queue_committed(to="bounced@example.com")

    for delay in (dt.timedelta(0), *RETRY_DELAYS):
        clock.advance(delay)
        deliver_due()

    with session_scope() as session:
        latest = latest_message_to(session=session, to="bounced@example.com", template="activation")
    assert latest is not None
    assert latest.status == MailStatus.FAILED
    assert "451" in latest.last_error
    assert server.accepted == []


def test_unreachable_server_fails_the_whole_batch_at_once(use_smtp: Callable[[int], None], closed_port: int) -> None:
    use_smtp(closed_port)
    ids = [queue_committed(to=f"batch{n}@example.com").id for n in range(3)]

    assert deliver_due() == 0

    rows = [reload(message_id) for message_id in ids]
    assert [(row.status, row.attempts) for row in rows] == [(MailStatus.PENDING, 1)] * 3
    assert all("ConnectionRefusedError" in row.last_error for row in rows)


def test_limit_caps_one_run_and_the_rest_goes_next_run(smtp_to_mailbox: Mailbox) -> None:
    for n in range(5):
        queue_committed(to=f"many{n}@example.com")

    assert deliver_due(limit=3) == 3
    assert deliver_due(limit=3) == 2
    assert len(smtp_to_mailbox.messages) == 5


class _WorkerDied(BaseException):
    """Stands for the process going away mid-send (SIGKILL, power): nothing after it runs."""


def test_a_message_claimed_by_a_worker_that_died_is_sent_15_minutes_later_once(
    smtp_to_mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued = queue_committed(to="orphan@example.com")

    def die(self: SmtpConnection, message: object) -> None:
        raise _WorkerDied

    with monkeypatch.context() as dying:
        dying.setattr(SmtpConnection, "send", die)
        with pytest.raises(_WorkerDied):
            deliver_due()

    row = reload(queued.id)
    assert (row.status, row.attempts) == (MailStatus.PENDING, 1)
    clock.advance(dt.timedelta(minutes=15, seconds=-1))  # README: tried again after 15 minutes
    assert deliver_due() == 0, "another worker took a message that is still claimed"
    clock.advance(dt.timedelta(seconds=1))
    assert deliver_due() == 1
    assert deliver_due() == 0
    assert len(smtp_to_mailbox.messages) == 1
    assert reload(queued.id).status == MailStatus.SENT
