"""The activation mail: over real SMTP (aiosmtpd on loopback) it arrives with a working link;
without SMTP it waits in the outbox with the same link."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator

import pytest
from sqlmodel import select

from store_app.accounts.registration.activation_service import (
    ActivationOutcome,
    activate_account,
    activation_mail_problem,
)
from store_app.accounts.registration.service import register_user
from store_app.core import clock
from store_app.core.db import session_scope
from store_app.core.settings import get_settings
from store_app.mail.delivery import MAX_ATTEMPTS, deliver_due
from store_app.mail.models import MailMessage, MailStatus
from tests.utils.factories import register_committed, registration
from tests.utils.mailbox import Mailbox, body_text
from tests.utils.outbox import activation_token_in

PUBLIC_URL = "https://volt-shop.example"


@pytest.fixture
def smtp_mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox().start()
    monkeypatch.setenv("SMTP_HOST", box.host)
    monkeypatch.setenv("SMTP_PORT", str(box.port))
    monkeypatch.setenv("SMTP_TLS", "0")
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    get_settings.cache_clear()
    yield box
    box.stop()


def test_the_activation_mail_arrives_over_smtp_with_a_link_that_confirms(db_url: str, smtp_mailbox: Mailbox) -> None:
    user = register_committed(registration(first_name="Ольга", email="olga@example.com"))
    assert deliver_due() == 1

    mail = smtp_mailbox.wait_for(to="olga@example.com")
    text = body_text(mail)
    assert "Ольга" in text
    assert f"{PUBLIC_URL}/activate/" in text
    html = mail.get_body(preferencelist=("html",))
    assert html is not None and f"{PUBLIC_URL}/activate/" in html.get_content()
    token = activation_token_in(text)
    with session_scope() as session:
        assert activate_account(session=session, token=token, ip="") == ActivationOutcome.ACTIVATED
    with session_scope() as session:
        message = session.exec(select(MailMessage).where(MailMessage.recipient == user.email)).one()
        assert message.status == MailStatus.SENT


def test_without_smtp_the_link_is_in_the_outbox_only_until_the_mail_is_kept(db_url: str) -> None:
    user = register_committed(registration(email="pavel@example.com"))
    with session_scope() as session:
        message = session.exec(select(MailMessage).where(MailMessage.recipient == user.email)).one()
        assert (message.template, message.status) == ("activation", MailStatus.PENDING)
        token = activation_token_in(message.text_body)
    deliver_due()
    with session_scope() as session:
        message = session.exec(select(MailMessage).where(MailMessage.recipient == user.email)).one()
        assert message.status == MailStatus.STORED
        assert token not in message.text_body and token not in message.html_body  # issue 9 §3
        assert activate_account(session=session, token=token, ip="") == ActivationOutcome.ACTIVATED


def test_the_shopper_can_be_told_the_mail_is_delayed_then_failed(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a loopback port nothing listens on: every attempt is refused at once
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(closed_port))
    monkeypatch.setenv("SMTP_TLS", "0")
    get_settings.cache_clear()
    user = register_committed(registration(email="ivan@example.com"))

    def problem() -> str | None:
        with session_scope() as session:
            return activation_mail_problem(session=session, email=user.email)

    assert problem() is None  # queued, not tried yet
    deliver_due()
    assert problem() == "delayed"
    for _ in range(MAX_ATTEMPTS - 1):
        clock.advance(dt.timedelta(hours=2))
        deliver_due()
    assert problem() == "failed"


def test_a_sent_mail_is_no_problem(db_url: str, smtp_mailbox: Mailbox) -> None:
    user = register_committed(registration(email="vera@example.com"))
    deliver_due()
    smtp_mailbox.wait_for(to=user.email)
    with session_scope() as session:
        assert activation_mail_problem(session=session, email=user.email) == ""


def test_a_second_sign_up_with_the_address_watches_the_notice_not_the_old_activation_mail(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else the page would show "delivery failed" for a taken address whose first mail once failed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(closed_port))
    monkeypatch.setenv("SMTP_TLS", "0")
    get_settings.cache_clear()
    user = register_committed(registration(email="olga@example.com"))
    for _ in range(MAX_ATTEMPTS):
        deliver_due()
        clock.advance(dt.timedelta(hours=2))
    with session_scope() as session:
        assert activation_mail_problem(session=session, email=user.email) == "failed"

    with session_scope() as session:
        again = register_user(session=session, data=registration(email="olga@example.com"), ip="198.51.100.3")
    assert again.user is None
    with session_scope() as session:
        assert activation_mail_problem(session=session, email=user.email) is None  # the notice, not yet tried
