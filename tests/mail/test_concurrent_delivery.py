"""Several backend workers run delivery at once: each message goes out exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import pytest

from store_app.core.db import get_engine
from store_app.core.settings import get_settings
from store_app.mail.delivery import deliver_due
from tests.mail.factories import queue_committed
from tests.utils.databases import postgres_test_url
from tests.utils.mailbox import Mailbox

WORKERS = 4
MESSAGES = 30
BATCH = 3


def _deliver_from_parallel_workers() -> list[int]:
    """Each worker runs small batches until nothing is due, all starting at the same moment."""
    start = threading.Barrier(WORKERS)
    delivered = [0] * WORKERS
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            start.wait()
            while sent := deliver_due(limit=BATCH):
                assert sent <= BATCH, f"one run sent {sent} messages, more than its limit"
                delivered[index] += sent
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return delivered


def _assert_each_sent_exactly_once(mailbox: Mailbox, delivered: list[int]) -> None:
    recipients = Counter(rcpt for rcpts, _message in mailbox.messages for rcpt in rcpts)
    assert sum(delivered) == MESSAGES
    assert len(recipients) == MESSAGES
    assert set(recipients.values()) == {1}, f"sent twice: {[r for r, n in recipients.items() if n > 1]}"


def test_parallel_workers_on_sqlite_never_send_a_message_twice(db_url: str, smtp_to_mailbox: Mailbox) -> None:
    for n in range(MESSAGES):
        queue_committed(to=f"buyer{n}@example.com")

    delivered = _deliver_from_parallel_workers()

    _assert_each_sent_exactly_once(smtp_to_mailbox, delivered)


@pytest.fixture
def postgres_schema(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's own engine (which `deliver_due` uses) pointed at a throwaway PostgreSQL database."""
    with postgres_test_url() as url:
        monkeypatch.setenv("DB_URL", url)
        get_settings.cache_clear()
        get_engine.cache_clear()
        try:
            yield
        finally:
            get_engine().dispose()
            get_engine.cache_clear()


@pytest.mark.postgres
def test_parallel_workers_on_postgres_never_send_a_message_twice(
    postgres_schema: None, smtp_to_mailbox: Mailbox
) -> None:
    assert get_engine().dialect.name == "postgresql"
    for n in range(MESSAGES):
        queue_committed(to=f"buyer{n}@example.com")

    delivered = _deliver_from_parallel_workers()

    _assert_each_sent_exactly_once(smtp_to_mailbox, delivered)
    assert sum(1 for n in delivered if n) > 1, "only one worker got to send: the test proved nothing"
