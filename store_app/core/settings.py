"""Every setting of the shop, declared once (type, default, rule, meaning) and read from the environment.

`python -m store_app.core.settings` prints the README's settings table from these declarations;
a test keeps the two equal.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
import sys
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from store_app.core.install_key import KeyFileError, install_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIN_SECRET_BYTES = 32
_PORT = {"ge": 1, "le": 65535}
_HOST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")


class SettingsError(RuntimeError):
    """A setting is missing or unsafe; the message is one line for the operator."""


def _setting(default: Any, meaning: str, *, shown: str | None = None, **rules: Any) -> Any:
    """A declared setting; `shown` is the default as the README writes it, when that is not the value."""
    return Field(default, description=meaning, json_schema_extra={"shown": shown} if shown else None, **rules)


def _half_the_cores() -> int:
    return max(1, (os.cpu_count() or 2) // 2)


class Settings(BaseSettings):
    """The shop's settings; each field is read from the environment variable of its name in capitals."""

    # Empty values count as unset (`make` exports variables it has not been given as empty).
    model_config = SettingsConfigDict(frozen=True, env_ignore_empty=True, str_strip_whitespace=True, extra="ignore")

    app_env: Literal["development", "test", "production"] = _setting(
        "development",
        "`development`, `test` or `production`. In production the shop refuses to start without a proper `SECRET_KEY`.",
    )
    secret_key: str = Field(
        "",
        repr=False,
        description="signs tokens; at least 32 random bytes"
        " (`python -c 'import secrets; print(secrets.token_urlsafe(48))'`). Unset outside production: a random"
        " key made once per install and kept in `$DATA_DIR/secret_key` (mode 0600); production refuses to start"
        " without one.",
        json_schema_extra={"shown": "a key of this install"},
    )
    host: str = _setting(
        "127.0.0.1",
        "the address the shop listens on; `0.0.0.0` (or `::`) opens it to the network.",
    )
    port: int = _setting(3000, "the port the shop listens on (`make run PORT=8080`).", **_PORT)
    public_url: str = _setting(
        "",
        "the address shoppers open; the only origin CORS allows, and the base of links in mails.",
        shown="`http://localhost:$PORT`",
    )
    data_dir: Path = _setting(
        PROJECT_ROOT / "data",
        "where the SQLite file, the install's key, the mail outbox, uploaded files and whatever Reflex writes"
        " (`reflex/`, mode 0700) live (git ignores it).",
        shown="`./data`",
    )
    db_url: str = _setting(
        "",
        "SQLAlchemy URL, e.g. `postgresql+psycopg://user@127.0.0.1:5432/shop` (any PostgreSQL URL runs on psycopg 3).",
        shown="`sqlite:///$DATA_DIR/store.db`",
    )
    db_pool_size: int = _setting(
        30,
        "connections each backend worker keeps open to a database server (PostgreSQL), and the most it opens:"
        " an event beyond them waits for a free one. Workers × this must stay below the server's"
        " `max_connections` (100 by default). A SQLite file always keeps 15 (`core/db.py`).",
        ge=1,
    )
    redis_url: str = _setting(
        "",
        "when set (`redis://127.0.0.1:6379/0`), Reflex keeps tab state in Redis so several workers share it, and the"
        " session revocation signal is a Redis counter. Unset: tab state stays in the process's memory (nothing"
        " pickled to disk).",
    )
    smtp_host: str = _setting("", "when empty, mail goes to the outbox table (and the log); when set, over SMTP.")
    smtp_port: int = _setting(587, "SMTP port.", **_PORT)
    smtp_user: str = _setting("", "SMTP login, when the server wants one.")
    smtp_password: str = Field("", repr=False, description="SMTP password, when the server wants one.")
    smtp_from: str = _setting("store_app <noreply@localhost>", "sender of the shop's mail.")
    smtp_tls: bool = _setting(True, "`0` turns STARTTLS off (for a loopback test server).")
    log_mail_bodies: bool = _setting(
        False,
        "`1` writes the text of mail kept in the outbox (activation links, reset codes) to the log; for a"
        " developer's own machine only.",
    )
    access_token_seconds: int = _setting(300, "lifetime of an access token.", ge=1)
    refresh_token_days: int = _setting(14, "lifetime of a refresh token (a login session).", ge=1)
    activation_token_hours: int = _setting(72, "how long an activation link works.", ge=1)
    password_min_length: int = _setting(8, "minimum password length (never below 8).", ge=8)
    password_hash_workers: int = Field(
        default_factory=_half_the_cores,
        description="threads that hash and check passwords, apart from everything else.",
        json_schema_extra={"shown": "half the cores, at least 1"},
        ge=1,
    )
    password_hash_queue: int = _setting(
        32, "password checks that may wait for a thread; more get “try again in a moment” (429).", ge=0
    )
    staff_2fa_required: bool = _setting(
        False,
        "`1` makes two-factor login mandatory for staff: until they set it up, `/admin` sends them to the cabinet.",
    )
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = _setting(
        (), "comma-separated proxy addresses whose `X-Forwarded-For` is believed."
    )
    language: Literal["ru", "en"] = _setting(
        "ru",
        "the language (`ru` or `en`) of a first visit whose browser asks for neither, and of texts written for"
        " no shopper; each shopper switches RU/EN in the navbar.",
    )
    time_zone: str = _setting(
        "Europe/Moscow", "the shop's time zone (an IANA name): the times in pages, mails and exports are on its clock."
    )
    currency: str = _setting("RUB", "the currency prices are shown in.", pattern=r"^[A-Za-z]{3}$")
    load_demo_data: bool = _setting(True, "`0` keeps `make run` from loading demo data into an empty database.")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        # `PORT= make run` or a stray space in a unit file means "not given", as an empty value does.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if not (isinstance(value, str) and not value.strip())}
        return data

    @field_validator("app_env", "language", mode="before")
    @classmethod
    def _lower_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Moscow") from None
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("host")
    @classmethod
    def _address_or_name(cls, value: str) -> str:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            if not _HOST_NAME.match(value):
                raise ValueError("must be an IP address or a host name") from None
        return value

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        parts = urlsplit(value)
        if value and (parts.scheme not in {"http", "https"} or not parts.hostname):
            raise ValueError("must be an http:// or https:// address such as https://shop.example")
        return value

    @field_validator("db_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if value and not re.match(r"^[a-z0-9+]+://", value):
            raise ValueError("must be a SQLAlchemy URL such as sqlite:///data/store.db")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in {"redis", "rediss", "unix"}:
            raise ValueError("must be a redis:// address such as redis://127.0.0.1:6379/0")
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

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
        if self.is_production and not self.secret_key:
            raise SettingsError("SECRET_KEY is missing; set a random value of at least 32 bytes")
        if self.is_production and len(self.secret_key.encode()) < MIN_SECRET_BYTES:
            raise SettingsError(
                "SECRET_KEY is shorter than 32 bytes; generate one with: "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )

    def _with_derived_defaults(self) -> Settings:
        derived: dict[str, Any] = {}
        if not self.public_url:
            derived["public_url"] = f"http://localhost:{self.port}"
        if not self.db_url:
            derived["db_url"] = f"sqlite:///{self.data_dir / 'store.db'}"
        if not self.secret_key and not self.is_production:
            try:
                derived["secret_key"] = install_key(self.data_dir)
            except (OSError, KeyFileError) as exc:
                raise SettingsError(f"SECRET_KEY is unset and the install's key cannot be kept: {exc}") from None
        return self.model_copy(update=derived)


def _one_line(error: ValidationError) -> str:
    """The first problem, naming the variable; a secret's value is never repeated."""
    first = error.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "settings"
    message = first["msg"].removeprefix("Value error, ")
    if name in {"SECRET_KEY", "SMTP_PASSWORD"}:
        return f"{name}: {message}"
    return f"{name}: {message}, got {first.get('input')!r}"


def load_settings() -> Settings:
    """Build the settings from the process environment; a bad value raises SettingsError."""
    try:
        declared = Settings()
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None
    return declared._with_derived_defaults()


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing the environment."""
    return load_settings()


def startup_settings() -> Settings:
    """The checked settings for a process that starts the shop; refuses with one line and exit code 2."""
    try:
        settings = get_settings()
        settings.check()
    except SettingsError as exc:
        print(f"store_app refuses to start: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    return settings


def _shown_default(name: str) -> str:
    """The default as a README cell: `shown` as written, else the value in backticks, or "empty"."""
    field = Settings.model_fields[name]
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    if "shown" in extra:
        return str(extra["shown"])
    value = field.get_default(call_default_factory=True)
    if isinstance(value, bool):
        value = "1" if value else "0"
    return f"`{value}`" if value not in ("", ()) else "empty"


def settings_table() -> str:
    """The README's settings table, one row per declared setting."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        rows.append(f"| `{name.upper()}` | {_shown_default(name)} | {field.description} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_table())
