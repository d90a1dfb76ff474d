"""The Reflex app: pages, the mounted REST API, security middleware, start-up tasks."""

from __future__ import annotations

import logging
import sys

import reflex as rx

from store_app.api.app import build_api
from store_app.core.http_security import SecurityHeadersMiddleware
from store_app.core.i18n import t
from store_app.core.periodic import run_periodic_jobs
from store_app.core.settings import SettingsError, get_settings
from store_app.site.pages import contacts_page, home_page
from store_app.ui.theme import global_style

logger = logging.getLogger("store_app")

try:
    get_settings().check()
except SettingsError as exc:
    # One line for the operator instead of a traceback.
    print(f"store_app refuses to start: {exc}", file=sys.stderr)
    raise SystemExit(2) from None


def _with_security_headers(asgi_app):  # type: ignore[no-untyped-def]
    return SecurityHeadersMiddleware(asgi_app, public_url=get_settings().public_origin)


app = rx.App(
    style=global_style,
    api_transformer=[build_api(), _with_security_headers],
)
app.add_page(home_page, route="/", title=t("shop.name"))
app.add_page(contacts_page, route="/contacts", title=f"{t('contacts.title')} — {t('shop.name')}")
app.register_lifespan_task(run_periodic_jobs)
