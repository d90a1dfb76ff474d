"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for mail tests."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collect:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.box._add(list(envelope.rcpt_tos), message)
        return "250 OK"


class Mailbox:
    """Start with `start()`; `wait_for(to=...)` returns the newest message to that address."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self._changed = threading.Condition()
        self.host = "127.0.0.1"
        self.port = _free_port()
        self._controller = Controller(_Collect(self), hostname=self.host, port=self.port)

    def start(self) -> Mailbox:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def _add(self, recipients: list[str], message: EmailMessage) -> None:
        with self._changed:
            self.messages.append(([r.lower() for r in recipients], message))
            self._changed.notify_all()

    def wait_for(self, *, to: str, timeout: float = 20.0, count: int = 1) -> EmailMessage:
        """The newest message to `to` once at least `count` have arrived; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for rcpts, m in self.messages if to.lower() in rcpts]
                if len(found) >= count:
                    return found[-1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no mail to {to} within {timeout}s ({len(self.messages)} received)")
                self._changed.wait(left)


def body_text(message: EmailMessage) -> str:
    """The plain-text part of a message."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "message has no text part"
    return part.get_content()
