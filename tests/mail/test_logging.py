"""SPEC H5: the log names recipient and subject; bodies (links, codes) only with LOG_MAIL_BODIES=1."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from store_app.core.settings import get_settings
from store_app.mail.delivery import deliver_due
from store_app.mail.smtp import SmtpConnection
from tests.mail.factories import ACTIVATION_TOKEN, CONTEXTS, queue_committed
from tests.utils.mailbox import Mailbox

pytestmark = pytest.mark.usefixtures("db_url")
RESET_CODE = str(CONTEXTS["password_reset_code"]["code"])


def _set_env(monkeypatch: pytest.MonkeyPatch, app_env: str) -> None:
    monkeypatch.setenv("APP_ENV", app_env)
    get_settings.cache_clear()


@pytest.mark.parametrize("app_env", ["development", "test", "production"])
def test_outbox_log_by_default_has_no_link_or_code_in_any_environment(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, app_env: str
) -> None:
    _set_env(monkeypatch, app_env)
    queue_committed(to="anna@example.com", template="activation")
    queue_committed(to="anna@example.com", template="password_reset_code")

    with caplog.at_level(logging.INFO, logger="store_app.mail"):
        assert deliver_due() == 2

    assert "anna@example.com" in caplog.text
    assert "Подтвердите адрес почты в магазине «Вольт»" in caplog.text
    assert ACTIVATION_TOKEN not in caplog.text
    assert RESET_CODE not in caplog.text


def test_outbox_log_shows_the_text_only_when_asked_for(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _set_env(monkeypatch, "development")
    monkeypatch.setenv("LOG_MAIL_BODIES", "1")
    get_settings.cache_clear()
    queue_committed(to="dev@example.com", template="activation")

    with caplog.at_level(logging.INFO, logger="store_app.mail"):
        deliver_due()

    assert f"activate?token={ACTIVATION_TOKEN}" in caplog.text


def test_sending_and_failing_never_log_the_body(
    smtp_to_mailbox: Mailbox,
    use_smtp: Callable[[int], None],
    closed_port: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    queue_committed(to="sent@example.com", template="password_reset_code")
    with caplog.at_level(logging.INFO, logger="store_app.mail"):
        assert deliver_due() == 1
        use_smtp(closed_port)
        queue_committed(to="failed@example.com", template="password_reset_code")
        assert deliver_due() == 0

    assert "sent@example.com" in caplog.text and "failed@example.com" in caplog.text
    assert RESET_CODE not in caplog.text


def test_recorded_smtp_error_never_holds_the_smtp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret-Smtp-pass")
    get_settings.cache_clear()
    connection = SmtpConnection(get_settings())

    described = connection.describe(RuntimeError("535 rejected login s3cret-Smtp-pass for\nshop"))

    assert "s3cret-Smtp-pass" not in described
    assert described == "RuntimeError: 535 rejected login *** for shop"
