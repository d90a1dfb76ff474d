"""One settings object, read from environment variables (documented in README.md)."""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0000"  # noqa: S105 - refused in production
MIN_SECRET_BYTES = 32


class SettingsError(RuntimeError):
    """A setting is missing or unsafe; the message is one line for the operator."""


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_list(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


@dataclasses.dataclass(frozen=True)
class Settings:
    app_env: str = "development"
    secret_key: str = DEV_SECRET_KEY
    db_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'store.db'}"
    redis_url: str = ""
    public_url: str = "http://localhost:3000"
    data_dir: Path = PROJECT_ROOT / "data"
    language: str = "ru"
    currency: str = "RUB"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "store_app <noreply@localhost>"
    smtp_tls: bool = True
    access_token_seconds: int = 300
    refresh_token_days: int = 14
    activation_token_hours: int = 72
    password_min_length: int = 8
    trusted_proxies: tuple[str, ...] = ()
    load_demo_data: bool = True

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    @property
    def public_origin(self) -> str:
        return self.public_url.rstrip("/")

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    def check(self) -> None:
        """Refuse unsafe settings in production; the message fits on one line."""
        if self.app_env not in {"development", "test", "production"}:
            raise SettingsError(f"APP_ENV must be development, test or production, got {self.app_env!r}")
        if self.is_production:
            if self.secret_key == DEV_SECRET_KEY:
                raise SettingsError(
                    "SECRET_KEY is missing or is the development default; set a random value of at least 32 bytes"
                )
            if len(self.secret_key.encode()) < MIN_SECRET_BYTES:
                raise SettingsError(
                    "SECRET_KEY is shorter than 32 bytes; generate one with: "
                    "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
                )
        if self.password_min_length < 8:
            raise SettingsError("PASSWORD_MIN_LENGTH must be at least 8")


def load_settings() -> Settings:
    """Build the settings from the process environment."""
    data_dir = Path(_env("DATA_DIR", str(PROJECT_ROOT / "data"))).resolve()
    return Settings(
        app_env=_env("APP_ENV", "development").lower(),
        secret_key=_env("SECRET_KEY", DEV_SECRET_KEY),
        db_url=_env("DB_URL", f"sqlite:///{data_dir / 'store.db'}"),
        redis_url=_env("REDIS_URL", ""),
        public_url=_env("PUBLIC_URL", "http://localhost:3000"),
        data_dir=data_dir,
        language=_env("LANGUAGE", "ru"),
        currency=_env("CURRENCY", "RUB"),
        smtp_host=_env("SMTP_HOST", ""),
        smtp_port=_env_int("SMTP_PORT", 587),
        smtp_user=_env("SMTP_USER", ""),
        smtp_password=_env("SMTP_PASSWORD", ""),
        smtp_from=_env("SMTP_FROM", "store_app <noreply@localhost>"),
        smtp_tls=_env("SMTP_TLS", "1") not in {"0", "false", "no"},
        access_token_seconds=_env_int("ACCESS_TOKEN_SECONDS", 300),
        refresh_token_days=_env_int("REFRESH_TOKEN_DAYS", 14),
        activation_token_hours=_env_int("ACTIVATION_TOKEN_HOURS", 72),
        password_min_length=_env_int("PASSWORD_MIN_LENGTH", 8),
        trusted_proxies=_env_list("TRUSTED_PROXIES"),
        load_demo_data=_env("LOAD_DEMO_DATA", "1") not in {"0", "false", "no"},
    )


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing the environment."""
    return load_settings()
