"""Build a message with `emails` and hand it to the SMTP server the settings name."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Iterator
from typing import Any

import emails
from emails.backend import SMTPBackend
from emails.backend.smtp.client import SMTPClientWithResponse, SMTPClientWithResponse_SSL
from emails.utils import parse_name_and_email

from store_app.core.settings import Settings
from store_app.mail.models import MailMessage

SMTP_TIMEOUT_SECONDS = 15
IMPLICIT_TLS_PORT = 465  # SMTPS: TLS from the first byte instead of STARTTLS
ERROR_MAX_LENGTH = 500


def build_message(message: MailMessage, *, sender: str) -> emails.Message:
    """The MIME message for a queued row; its Message-ID stays the same on every retry."""
    domain = (parse_name_and_email(sender)[1] or "localhost").rpartition("@")[2]
    return emails.html(
        html=message.html_body,
        text=message.text_body,
        subject=message.subject,
        mail_from=sender,
        mail_to=message.recipient,
        message_id=f"<store-mail-{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>",
    )


def _verifying_context() -> ssl.SSLContext:
    """The system's authorities (or SSL_CERT_FILE's), the certificate checked for SMTP_HOST's name.

    smtplib, and `emails` through it, encrypt without checking whom they talk to unless given a context:
    then anyone in the path to the mail server could read SMTP_PASSWORD, reset codes and activation links.
    """
    return ssl.create_default_context()


class _StartTlsClient(SMTPClientWithResponse):
    def starttls(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        kwargs.setdefault("context", _verifying_context())
        return super().starttls(*args, **kwargs)


class _ImplicitTlsClient(SMTPClientWithResponse_SSL):
    def __init__(self, **kwargs: Any) -> None:
        # No host yet: SMTP_SSL keeps the context, the base class then connects through it.
        smtplib.SMTP_SSL.__init__(self, local_hostname=kwargs.get("local_hostname"), context=_verifying_context())
        SMTPClientWithResponse.__init__(self, **kwargs)


class _VerifyingBackend(SMTPBackend):
    connection_cls = _StartTlsClient
    connection_ssl_cls = _ImplicitTlsClient


class SmtpConnection:
    """One SMTP session for a batch of messages; each call returns None or the error, never raises."""

    def __init__(self, settings: Settings) -> None:
        implicit_tls = settings.smtp_port == IMPLICIT_TLS_PORT
        self._backend = _VerifyingBackend(
            fail_silently=False,
            host=settings.smtp_host,
            port=settings.smtp_port,
            ssl=implicit_tls,
            tls=settings.smtp_tls and not implicit_tls,
            user=settings.smtp_user or None,
            password=settings.smtp_password or None,
            timeout=SMTP_TIMEOUT_SECONDS,
        )
        self._sender = settings.smtp_from
        self._secrets = [secret for secret in (settings.smtp_password,) if secret]

    def open(self) -> str | None:
        """Connect, STARTTLS and log in; the error when the server cannot be used at all."""
        try:
            self._backend.get_client()
        except Exception as exc:
            return self.describe(exc)
        return None

    def send(self, message: MailMessage) -> str | None:
        try:
            build_message(message, sender=self._sender).send(smtp=self._backend)
        except Exception as exc:
            return self.describe(exc)
        return None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._backend.close()

    def describe(self, exc: Exception) -> str:
        """One line about the failure for `last_error` and the log, with the SMTP password cut out."""
        text = " ".join(f"{type(exc).__name__}: {exc}".split())
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text[:ERROR_MAX_LENGTH]


@contextlib.contextmanager
def smtp_connection(settings: Settings) -> Iterator[SmtpConnection]:
    connection = SmtpConnection(settings)
    try:
        yield connection
    finally:
        connection.close()
