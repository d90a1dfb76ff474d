"""Settings are read from the environment, a bad value stops the start in one line, production refuses unsafe ones."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from store_app.core.settings import PROJECT_ROOT, SettingsError, get_settings, load_settings


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS_TOKEN_SECONDS", "42")
    monkeypatch.setenv("SMTP_HOST", "mail.internal")
    monkeypatch.setenv("PUBLIC_URL", "https://shop.example/")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 10.0.0.0/8,")
    monkeypatch.setenv("SMTP_TLS", "0")
    settings = load_settings()
    assert settings.access_token_seconds == 42
    assert settings.smtp_host == "mail.internal"
    assert settings.public_origin == "https://shop.example"
    assert settings.trusted_proxies == ("10.0.0.1", "10.0.0.0/8")
    assert settings.smtp_tls is False


def test_defaults_need_no_server() -> None:
    settings = get_settings()
    assert settings.db_url.startswith("sqlite:///")
    assert settings.redis_url == ""
    assert settings.smtp_host == ""
    assert settings.currency == "RUB"
    assert settings.language == "ru"
    assert settings.log_mail_bodies is False


def test_derived_defaults_follow_the_settings_they_come_from(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("DB_URL")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("PORT", "8080")
    settings = load_settings()
    assert settings.public_url == "http://localhost:8080"
    assert settings.db_url == f"sqlite:///{tmp_path / 'elsewhere' / 'store.db'}"


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_PORT", "")
    monkeypatch.setenv("PORT", " ")
    settings = load_settings()
    assert (settings.smtp_port, settings.port) == (587, 3000)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SMTP_PORT", "twenty-five"),
        ("PORT", "70000"),
        ("PUBLIC_URL", "shop.example"),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("DB_URL", "store.db"),
        ("APP_ENV", "staging"),
        ("LANGUAGE", "de"),
        ("SMTP_TLS", "maybe"),
        ("ACCESS_TOKEN_SECONDS", "0"),
        ("PASSWORD_MIN_LENGTH", "6"),
        ("HOST", "every address"),
        ("PASSWORD_HASH_WORKERS", "0"),
    ],
)
def test_a_bad_value_gives_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(f"{name}: ")
    assert "\n" not in message
    assert repr(value.strip()) in message


def test_a_bad_secret_is_never_repeated_in_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_PASSWORD", "x" * 10)
    settings = load_settings()
    assert "x" * 10 not in repr(settings)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert "k" * 40 not in repr(load_settings())


@pytest.mark.parametrize("secret", ["", "short-secret"])
def test_production_refuses_a_missing_or_short_secret(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings().check()


def test_production_accepts_a_long_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x7" * 24)
    load_settings().check()


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "store_app.manage", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_app_refuses_to_start_in_production_without_a_secret() -> None:
    result = _manage("migrate", APP_ENV="production")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == ["store_app refuses to start: " + lines[0].split(": ", 1)[1]]
    assert "SECRET_KEY" in lines[0]


def test_a_bad_port_stops_the_start_with_one_line() -> None:
    result = _manage("migrate", PORT="eighty")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "store_app refuses to start: PORT: Input should be a valid integer, unable to parse string as an integer,"
        " got 'eighty'"
    ]
