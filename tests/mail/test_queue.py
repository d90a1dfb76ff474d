"""Queueing: the row lands in the caller's transaction, delivery is woken only after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import jinja2
import pytest
from sqlmodel import Session, select

from store_app.core import periodic
from store_app.core.db import session_scope
from store_app.mail.delivery import deliver_due
from store_app.mail.models import MailMessage, MailStatus
from store_app.mail.service import MAIL_DELIVERY_JOB, get_message, latest_message_to, queue_mail
from tests.mail.factories import ACTIVATION_URL, CONTEXTS, queue_committed
from tests.utils.mailbox import Mailbox

pytestmark = pytest.mark.usefixtures("db_url")


class _Registration(Exception):
    """Stands for whatever makes a user action fail after its mail was queued."""


def test_queued_mail_is_pending_and_holds_every_rendered_part(session: Session) -> None:
    message = queue_mail(session=session, to="anna@example.com", template="activation", context=CONTEXTS["activation"])
    session.commit()

    stored = get_message(session=session, message_id=message.id)
    assert stored is not None
    assert (stored.status, stored.attempts, stored.template, stored.language) == (
        MailStatus.PENDING,
        0,
        "activation",
        "ru",
    )
    assert stored.subject == "Подтвердите адрес почты в магазине «Вольт»"
    assert ACTIVATION_URL in stored.text_body
    assert "<html" in stored.html_body


def test_rolled_back_transaction_sends_nothing(smtp_to_mailbox: Mailbox) -> None:
    with pytest.raises(_Registration), session_scope() as session:
        queue_mail(session=session, to="ghost@example.com", template="activation", context=CONTEXTS["activation"])
        raise _Registration

    assert deliver_due() == 0
    with session_scope() as session:
        assert session.exec(select(MailMessage)).all() == []
    assert smtp_to_mailbox.messages == []


@pytest.fixture
def probe_job() -> Iterator[periodic.Job]:
    """The mail delivery job far from its next turn (the app's own put back afterwards); queueing mail
    wakes it, and only it."""
    saved = periodic._jobs.get(MAIL_DELIVERY_JOB)
    periodic.register_job(MAIL_DELIVERY_JOB, dt.timedelta(hours=1), lambda: None)
    periodic.register_job("mail-test-other", dt.timedelta(hours=1), lambda: None)
    job = periodic._jobs[MAIL_DELIVERY_JOB]
    job.next_run = periodic._jobs["mail-test-other"].next_run = float("inf")
    yield job
    periodic._jobs.pop("mail-test-other", None)
    if saved is None:
        periodic._jobs.pop(MAIL_DELIVERY_JOB, None)
    else:
        periodic._jobs[MAIL_DELIVERY_JOB] = saved


def test_delivery_is_woken_when_the_transaction_commits_not_before(probe_job: periodic.Job) -> None:
    with session_scope() as session:
        queue_mail(session=session, to="soon@example.com", template="activation", context=CONTEXTS["activation"])
        assert probe_job.next_run == float("inf"), "woken before the row is visible to the delivery job"
    assert probe_job.next_run == 0.0
    assert periodic._jobs["mail-test-other"].next_run == float("inf"), "a job nobody named was woken"


def test_rolled_back_queue_does_not_wake_delivery(probe_job: periodic.Job) -> None:
    with pytest.raises(_Registration), session_scope() as session:
        queue_mail(session=session, to="ghost@example.com", template="activation", context=CONTEXTS["activation"])
        raise _Registration
    assert probe_job.next_run == float("inf")


@pytest.mark.parametrize(
    "address", ["", "   ", "no-at-sign", "a@example.com\r\nBcc: all@example.com", "a@x.com, b@x.com"]
)
def test_recipient_must_be_one_plain_address(session: Session, address: str) -> None:
    with pytest.raises(ValueError, match="one plain email address"):
        queue_mail(session=session, to=address, template="activation", context=CONTEXTS["activation"])


def test_missing_context_value_fails_when_queued_not_when_sent(session: Session) -> None:
    with pytest.raises(jinja2.UndefinedError):
        queue_mail(session=session, to="a@example.com", template="activation", context={"first_name": "Анна"})


def test_unknown_template_fails_when_queued(session: Session) -> None:
    with pytest.raises(jinja2.TemplateNotFound):
        queue_mail(session=session, to="a@example.com", template="no_such_mail", context={})


def test_latest_message_to_is_the_newest_of_that_template() -> None:
    queue_committed(to="anna@example.com", template="activation")
    newest = queue_committed(to="anna@example.com", template="activation")
    queue_committed(to="anna@example.com", template="password_reset_code")
    queue_committed(to="other@example.com", template="activation")

    with session_scope() as session:
        found = latest_message_to(session=session, to="anna@example.com", template="activation")
        missing = latest_message_to(session=session, to="nobody@example.com", template="activation")
    assert found is not None and found.id == newest.id
    assert missing is None
