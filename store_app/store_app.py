"""The Reflex app: pages, the mounted REST API, security middleware, start-up tasks."""

from __future__ import annotations

import datetime as dt
import logging
import sys

import reflex as rx

from store_app.api.app import build_api
from store_app.core.http_security import SecurityHeadersMiddleware
from store_app.core.i18n import t
from store_app.core.periodic import register_job, run_periodic_jobs
from store_app.core.settings import SettingsError, get_settings
from store_app.mail.delivery import deliver_due
from store_app.site.pages import contacts_page, home_page
from store_app.ui.theme import global_style

logger = logging.getLogger("store_app")
# The server configures only its own loggers: without this the shop's INFO lines (mail kept in the
# outbox, with the activation link in development) would never reach the console.
logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
logger.setLevel(logging.INFO)

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
register_job("mail-delivery", dt.timedelta(seconds=5), deliver_due)
app.register_lifespan_task(run_periodic_jobs)
