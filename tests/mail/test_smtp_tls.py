"""SMTP over TLS (README "Mail"): STARTTLS by default, TLS from the first byte on port 465, the login sent
only inside TLS, and only to a server whose certificate is trusted for its address.

A real aiosmtpd server on loopback with a certificate of a private authority; the shop trusts it only when
SSL_CERT_FILE names that authority (as a shop with a private mail server would set it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from store_app.core.settings import get_settings
from store_app.mail import smtp as shop_smtp
from store_app.mail.delivery import deliver_due
from store_app.mail.models import MailStatus
from tests.mail.factories import queue_committed, reload
from tests.utils.mailbox import _free_port
from tests.utils.tls_certs import ServerCertificate, make_server_certificate

pytestmark = [
    pytest.mark.usefixtures("db_url"),
    # aiosmtpd's own warning for the servers below that take a login outside its STARTTLS (on purpose).
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
]

LOGIN, PASSWORD = "volt-mailer", "smtp-Secret-7f3K"


def _inside_tls(server: SMTP) -> bool:
    return server.transport is not None and server.transport.get_extra_info("ssl_object") is not None


class TlsServer:
    """Wants TLS (STARTTLS, or from the first byte) and a login before it takes a message."""

    def __init__(self, certificate: ServerCertificate, *, implicit_tls: bool) -> None:
        self.port = _free_port()
        self.logins: list[tuple[str, str, bool]] = []  # (login, password, inside TLS)
        self.received: list[tuple[list[str], bool]] = []  # (recipients, inside TLS)
        context = certificate.server_context()
        # aiosmtpd counts only STARTTLS as TLS for its own AUTH rule, so with TLS from the first byte the
        # test checks the connection itself (`_inside_tls`).
        tls = {"ssl_context": context} if implicit_tls else {"tls_context": context, "require_starttls": True}
        self._controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self._check_login,
            auth_required=True,
            auth_require_tls=not implicit_tls,
            **tls,  # type: ignore[arg-type]
        )

    def _check_login(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        login, password = data.login.decode(), data.password.decode()
        self.logins.append((login, password, _inside_tls(server)))
        return AuthResult(success=(login, password) == (LOGIN, PASSWORD))

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append((list(envelope.rcpt_tos), _inside_tls(server)))
        return "250 OK"

    def __enter__(self) -> TlsServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


@pytest.fixture
def certificate(tmp_path: Path) -> ServerCertificate:
    return make_server_certificate(tmp_path)


@pytest.fixture
def smtp_with_login(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Point the shop at a loopback server with the default SMTP_TLS and a login."""

    def point_at(port: int) -> None:
        monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SMTP_PORT", str(port))
        monkeypatch.delenv("SMTP_TLS", raising=False)
        monkeypatch.setenv("SMTP_USER", LOGIN)
        monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
        get_settings.cache_clear()

    yield point_at
    get_settings.cache_clear()


@pytest.fixture(params=["starttls", "port 465"])
def tls_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Callable[..., TlsServer]:
    """A server of one TLS mode; for "port 465" the shop takes the server's own port for the SMTPS port."""

    def server(certificate: ServerCertificate) -> TlsServer:
        implicit = request.param == "port 465"
        started = TlsServer(certificate, implicit_tls=implicit)
        if implicit:
            monkeypatch.setattr(shop_smtp, "IMPLICIT_TLS_PORT", started.port)
        return started

    return server


def test_mail_goes_inside_tls_to_a_trusted_server_which_alone_sees_the_login(
    certificate: ServerCertificate,
    smtp_with_login: Callable[[int], None],
    tls_mode: Callable[..., TlsServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.ca_file))
    with tls_mode(certificate) as server:
        smtp_with_login(server.port)
        queued = queue_committed(to="anna@example.com")

        assert deliver_due() == 1

    assert server.logins == [(LOGIN, PASSWORD, True)]
    assert server.received == [(["anna@example.com"], True)]
    row = reload(queued.id)
    assert (row.status, row.last_error) == (MailStatus.SENT, "")


def test_a_server_whose_certificate_is_not_trusted_gets_neither_the_login_nor_the_mail(
    certificate: ServerCertificate,
    smtp_with_login: Callable[[int], None],
    tls_mode: Callable[..., TlsServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The system's authorities do not know this one: whoever answers on the mail server's address with a
    # certificate of their own (a machine in the path) must not read the SMTP password, reset codes or links.
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with tls_mode(certificate) as server:
        smtp_with_login(server.port)
        queued = queue_committed(to="anna@example.com")

        assert deliver_due() == 0

    assert server.logins == [] and server.received == []
    row = reload(queued.id)
    assert row.status == MailStatus.PENDING and "CERTIFICATE_VERIFY_FAILED" in row.last_error
    assert PASSWORD not in row.last_error


def test_a_server_that_offers_no_starttls_gets_neither_the_login_nor_the_mail(
    smtp_with_login: Callable[[int], None],
) -> None:
    # What a machine in the path that strips STARTTLS from the server's answer looks like to the shop.
    logins: list[str] = []
    received: list[list[str]] = []

    class PlainServer:
        async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
            received.append(list(envelope.rcpt_tos))
            return "250 OK"

    def check(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
        logins.append(mechanism)
        return AuthResult(success=True)

    port = _free_port()
    controller = Controller(PlainServer(), hostname="127.0.0.1", port=port, authenticator=check, auth_require_tls=False)
    controller.start()
    try:
        smtp_with_login(port)
        queued = queue_committed(to="anna@example.com")
        assert deliver_due() == 0
    finally:
        controller.stop()

    assert logins == [] and received == []
    assert "STARTTLS" in reload(queued.id).last_error
