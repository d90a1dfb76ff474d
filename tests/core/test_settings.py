"""Settings are read from the environment and refuse unsafe values in production."""

from __future__ import annotations

import subprocess
import sys

import pytest

from store_app.core.settings import DEV_SECRET_KEY, PROJECT_ROOT, SettingsError, get_settings, load_settings


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS_TOKEN_SECONDS", "42")
    monkeypatch.setenv("SMTP_HOST", "mail.internal")
    monkeypatch.setenv("PUBLIC_URL", "https://shop.example/")
    settings = load_settings()
    assert settings.access_token_seconds == 42
    assert settings.smtp_host == "mail.internal"
    assert settings.public_origin == "https://shop.example"


def test_defaults_need_no_server() -> None:
    settings = get_settings()
    assert settings.db_url.startswith("sqlite:///")
    assert settings.redis_url == ""
    assert settings.smtp_host == ""
    assert settings.currency == "RUB"
    assert settings.language == "ru"


def test_a_bad_number_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_PORT", "twenty-five")
    with pytest.raises(SettingsError, match="SMTP_PORT"):
        load_settings()


@pytest.mark.parametrize("secret", ["", DEV_SECRET_KEY, "short-secret"])
def test_production_refuses_a_missing_default_or_short_secret(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings().check()


def test_production_accepts_a_long_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x7" * 24)
    load_settings().check()


def test_the_app_refuses_to_start_in_production_with_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    result = subprocess.run(
        [sys.executable, "-m", "store_app.manage", "migrate"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == ["store_app refuses to start: " + lines[0].split(": ", 1)[1]]
    assert "SECRET_KEY" in lines[0]
