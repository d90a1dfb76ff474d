"""Mail test fixtures: a real SMTP server on loopback, one that refuses at first, and SMTP settings."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from store_app.core.settings import get_settings
from tests.utils.mailbox import Mailbox


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture
def use_smtp(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Point the shop's SMTP settings at a loopback server on `port` (plain SMTP, no login)."""

    def point_at(port: int) -> None:
        monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SMTP_PORT", str(port))
        monkeypatch.setenv("SMTP_TLS", "0")
        monkeypatch.setenv("SMTP_FROM", "Volt <shop@volt-shop.example>")
        get_settings.cache_clear()

    return point_at


@pytest.fixture
def smtp_to_mailbox(mailbox: Mailbox, use_smtp: Callable[[int], None]) -> Mailbox:
    use_smtp(mailbox.port)
    return mailbox


def _unused_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused at once."""
    return _unused_loopback_port()


class RefusingServer:
    """Answers `451` to the first `refusals` messages, then accepts and counts the rest."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.refused = 0
        self.accepted: list[bytes] = []
        self._lock = threading.Lock()
        self.port = _unused_loopback_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._lock:
            if self.refused < self.refusals:
                self.refused += 1
                return "451 4.3.0 Temporary failure, try again later"
            self.accepted.append(bytes(envelope.content or b""))
            return "250 OK"

    def start(self) -> RefusingServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


@pytest.fixture
def refusing_server() -> Iterator[Callable[[int], RefusingServer]]:
    started: list[RefusingServer] = []

    def start(refusals: int) -> RefusingServer:
        server = RefusingServer(refusals).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
