"""The Reflex app: pages, the mounted REST API, security middleware, start-up tasks."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import reflex as rx
from reflex import constants
from reflex.utils import prerequisites

from store_app.accounts.cabinet.pages import CABINET_ON_LOAD, cabinet_page
from store_app.accounts.cabinet.profile_state import show_avatar_in_navbar
from store_app.accounts.email_change.pages import email_change_page
from store_app.accounts.email_change.state import EmailChangeLinkState
from store_app.accounts.login.pages import login_page
from store_app.accounts.login.state import LoginPageState
from store_app.accounts.profile.language import keep_switches_on_the_profile
from store_app.accounts.profile.upload_limit import UploadSizeLimit
from store_app.accounts.registration.activation_service import purge_activation_tokens_job
from store_app.accounts.registration.pages import activate_page, new_link_page, register_page
from store_app.accounts.registration.state import ActivationState, NewLinkState, RegistrationState
from store_app.accounts.reset.service import purge_reset_codes_job
from store_app.accounts.reset.state import ResetState
from store_app.accounts.sessions.binding import SessionBindingMiddleware
from store_app.accounts.sessions.connection import HandshakeCookieProof
from store_app.accounts.sessions.cookie_rotation import SessionCookieRotation
from store_app.accounts.sessions.purge import PURGE_EVERY, purge_login_data_job
from store_app.accounts.sessions.state import SessionState, on_session_start
from store_app.accounts.sessions.upload_guard import UploadSessionGuard
from store_app.admin.pages import ADMIN_PAGES
from store_app.api.app import build_api
from store_app.cart.cleanup import purge_stale_guest_carts_job
from store_app.cart.guest_cookie import with_guest_cart_cookie
from store_app.cart.pages import cart_page
from store_app.cart.state import CartState, merge_guest_cart_on_login
from store_app.catalog.facet_index.keeper import keep_facet_index
from store_app.catalog.pages import catalog_page
from store_app.catalog.product_page import ProductPageState, product_page
from store_app.catalog.saved_pages import compare_page, favourites_page
from store_app.catalog.saved_state import SavedState, merge_guest_lists_on_login
from store_app.catalog.showcase import ShowcaseState
from store_app.catalog.state import CatalogState
from store_app.core.body_limit import BodySizeLimit
from store_app.core.event_cors import SingleEventCorsHeaders
from store_app.core.http_language import HttpLanguage
from store_app.core.http_security import SecurityHeadersMiddleware
from store_app.core.i18n import t
from store_app.core.periodic import register_job, run_periodic_jobs
from store_app.core.settings import get_settings, startup_settings
from store_app.core.worker_threads import widen_default_executor
from store_app.mail.delivery import deliver_due
from store_app.mail.service import MAIL_DELIVERY_JOB
from store_app.ops.health_routes import HealthRoutes
from store_app.ops.job_lease import take_turn
from store_app.ops.shutdown import graceful_shutdown
from store_app.ops.worker_header import WorkerHeaderMiddleware
from store_app.orders.checkout_page import checkout_page
from store_app.orders.checkout_state import CheckoutState
from store_app.orders.pages import orders_page
from store_app.orders.state import OrdersState
from store_app.site.pages import contacts_page, home_page, not_found_page
from store_app.site.rules_page import rules_page
from store_app.ui import language
from store_app.ui.frontend_errors import FrontendErrorLimit, log_frontend_exception
from store_app.ui.routes import (
    ACTIVATE_ROUTE,
    CABINET_ROUTE,
    CART_ROUTE,
    CATALOG_ROUTE,
    CHECKOUT_ROUTE,
    COMPARE_ROUTE,
    CONTACTS_ROUTE,
    EMAIL_CHANGE_ROUTE,
    FAVOURITES_ROUTE,
    HOME_ROUTE,
    LOGIN_ROUTE,
    NEW_LINK_ROUTE,
    ORDERS_ROUTE,
    PRODUCT_ROUTE,
    REGISTER_ROUTE,
    RULES_ROUTE,
)
from store_app.ui.theme import global_style

logger = logging.getLogger("store_app")
# The server configures only its own loggers: without this the shop's INFO lines (mail kept in the
# outbox, with its text when LOG_MAIL_BODIES=1) would never reach the console.
logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
logger.setLevel(logging.INFO)

# One line for the operator instead of a traceback.
startup_settings()


def _with_security_headers(asgi_app):  # type: ignore[no-untyped-def]
    # The built pages are served by this backend (one port): their inline scripts get CSP hashes.
    static_dir = prerequisites.get_web_dir() / constants.Dirs.STATIC
    return SecurityHeadersMiddleware(asgi_app, public_url=get_settings().public_origin, static_dir=static_dir)


app = rx.App(
    style=global_style,
    html_lang=get_settings().language,
    frontend_exception_handler=log_frontend_exception,
    api_transformer=[
        build_api(),
        SingleEventCorsHeaders,
        SessionCookieRotation,
        HandshakeCookieProof,
        UploadSizeLimit,
        UploadSessionGuard,
        with_guest_cart_cookie,
        BodySizeLimit,  # outside the routes, so no body over the cap is ever read; /_upload has its own
        # Every request (the API's, the login routes', the pages') is served in its reader's language.
        HttpLanguage,
        # Probes answer without the shop's middleware, but with the security headers of every response.
        HealthRoutes,
        _with_security_headers,
        # Outermost: every answer names its worker.
        WorkerHeaderMiddleware,
    ],
)
# Before hydration: a tab's state is served only to the connection that made it (or proves its session).
app.add_middleware(SessionBindingMiddleware(), index=0)
# First of all: a flood of frontend error reports is dropped before any state work.
app.add_middleware(FrontendErrorLimit(), index=0)


def _title(key: str | rx.Var[str] | None) -> str | rx.Var[str]:
    """A locale key, or a state's title var for a page about one thing (a product, a category)."""
    if isinstance(key, rx.Var):
        return key
    return t("shop.name") if key is None else f"{t(key)} — {t('shop.name')}"


# (page, route, title key, on_load): every page of the shop in one table.
PAGES = [
    (home_page, HOME_ROUTE, None, [ShowcaseState.load, SavedState.refresh]),
    (catalog_page, CATALOG_ROUTE, CatalogState.page_title, [CatalogState.load, SavedState.refresh]),
    (product_page, PRODUCT_ROUTE, ProductPageState.page_title, [ProductPageState.load, SavedState.refresh]),
    (favourites_page, FAVOURITES_ROUTE, "saved.favourites.title", SavedState.load_favourites),
    (compare_page, COMPARE_ROUTE, "compare.title", SavedState.load_compare),
    (contacts_page, CONTACTS_ROUTE, "contacts.title", None),
    (rules_page, RULES_ROUTE, "rules.title", None),
    (login_page, LOGIN_ROUTE, "login.title", [LoginPageState.open_page, ResetState.open_page]),
    (cabinet_page, CABINET_ROUTE, "cabinet.title", CABINET_ON_LOAD),
    (register_page, REGISTER_ROUTE, "register.title", RegistrationState.open_page),
    (activate_page, ACTIVATE_ROUTE, "activation.page_title", [NewLinkState.open_page, ActivationState.open_link]),
    (new_link_page, NEW_LINK_ROUTE, "resend.title", NewLinkState.open_page),
    (email_change_page, EMAIL_CHANGE_ROUTE, "email_change.page_title", EmailChangeLinkState.open_link),
    (cart_page, CART_ROUTE, "cart.title", CartState.load),
    (checkout_page, CHECKOUT_ROUTE, "checkout.title", CheckoutState.open_page),
    (orders_page, ORDERS_ROUTE, "orders.title", OrdersState.open_page),
    *ADMIN_PAGES,
    # Any unknown path: the shop's own page, in its layout and language.
    (not_found_page, "404", "not_found.title", None),
]
# Only these pages go into sitemap.xml; every other page (admin, cabinet, checkout, orders, cart,
# activation and reset steps, and any page added later) stays out unless it is listed here.
SITEMAP_ROUTES = {HOME_ROUTE, CATALOG_ROUTE, CONTACTS_ROUTE, LOGIN_ROUTE, REGISTER_ROUTE}
# The RU/EN switch: page texts from the bundle, each event in the tab's language; these pages' on_load
# handlers only read, so the switch runs them again for the texts the server wrote (prices, dates, statuses).
language.install(app, reload_routes={"/", CATALOG_ROUTE, PRODUCT_ROUTE, CART_ROUTE, CABINET_ROUTE, ORDERS_ROUTE})
keep_switches_on_the_profile()
# Every page first brings the navbar in line: the tab takes up (or drops) its login session from the
# cookie, server-side, and the badge counts the cart as it is now (another tab or device may have changed it).
NAVBAR_ON_LOAD = [SessionState.sync, CartState.refresh_badge]


def _on_load(own: Any) -> list[Any]:
    return [*NAVBAR_ON_LOAD, *(own if isinstance(own, list) else [] if own is None else [own])]


for page, route, title_key, on_load in PAGES:
    context = {} if route in SITEMAP_ROUTES else {"sitemap": None}
    app.add_page(page, route=route, title=_title(title_key), on_load=_on_load(on_load), context=context)

register_job(MAIL_DELIVERY_JOB, dt.timedelta(seconds=5), deliver_due)
register_job("activation-token-purge", dt.timedelta(hours=1), purge_activation_tokens_job)
register_job("login-data-purge", PURGE_EVERY, purge_login_data_job)
register_job("guest-cart-purge", dt.timedelta(hours=6), purge_stale_guest_carts_job)
register_job("reset-code-purge", dt.timedelta(hours=1), purge_reset_codes_job)
# What a tab does when it takes up a login session: the guest cart and the guest favourites and comparison
# join the account's, the navbar shows the avatar.
on_session_start(merge_guest_cart_on_login)
on_session_start(show_avatar_in_navbar)
on_session_start(merge_guest_lists_on_login)
app.register_lifespan_task(run_periodic_jobs, take_turn=take_turn)
app.register_lifespan_task(graceful_shutdown)
app.register_lifespan_task(widen_default_executor)
# The facet index is built in the background at start-up; facets are counted in SQL until it is there.
app.register_lifespan_task(keep_facet_index)
