"""A first visit looks right in either language, on a phone and on a wide screen: one language switch, no
sideways scrolling, the category links one under another, the phone's filter panel folded, no hydration
error, no text of the other language; the same after a switch in the navbar.

Pages are prerendered in the default language (Russian) and an English browser is shown English. The first
render used to read the language cookie while React hydrated the Russian page: every text differed (React
error 418), React rendered the document afresh and put the stylesheet of Radix's classes after the
components' own styles, whose `display` lost: the phone's and the wide screen's language switch both
showed ("RU EN RU", 593 px wide at 390), the category links ran together, the phone's filter panel was
open."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event
from store_app.catalog.models import Product
from tests.admin.e2e_steps import log_in_as_admin
from tests.e2e.conftest import LiveServer
from tests.e2e.language_texts import other_language_lines
from tests.e2e.views import open_page
from tests.utils.live_shop import live_session

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
LOCALES = {"en": "en-US", "ru": "ru-RU"}
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
# React's own words for a page it could not hydrate, in a development build and as a production error code.
HYDRATION = re.compile(r"hydrat|react\.dev/errors/(418|419|421|422|423|425)|React error #(418|419|423|425)", re.I)
ADMIN_PAGES = [
    ("/admin", "#admin-dashboard"),
    ("/admin/orders", "#admin-orders"),
    ("/admin/products", "#admin-products"),
    ("/admin/users", "#admin-users"),
    ("/admin/categories", "#admin-categories"),
    ("/admin/attributes", "#admin-attributes"),
    ("/admin/import", "#admin-import"),
    ("/admin/history", "#admin-history"),
    ("/admin/mail", "#admin-mail"),
]


def _guest_pages(live_server: LiveServer) -> list[tuple[str, str]]:
    with live_session(live_server) as session:
        slug = session.exec(select(Product.slug).where(Product.is_active).order_by(Product.id)).first()
    return [
        ("/", "#home-new"),
        ("/catalog", "#product-grid"),
        (f"/product/{slug}", "#product-name"),
        ("/cart", "#cart-page"),
        ("/login", "#login-submit"),
        ("/register", "#register-submit"),
        ("/compare", "#compare-page"),
        ("/favourites", "#favourites-page"),
        ("/contacts", "#contacts-title"),
    ]


@contextmanager
def _browser_in(browser: Browser, live_server: LiveServer, lang: str, viewport: dict) -> Iterator[BrowserContext]:
    """A browser that has never seen the shop, asking for `lang`."""
    context = browser.new_context(base_url=live_server.url, locale=LOCALES[lang], viewport=viewport)
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


def _tab(context: BrowserContext) -> tuple[Page, list[str]]:
    """A new tab and the list its console errors and uncaught page errors are written to."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{error.name}: {error.message}"))
    return page, errors


def _check_shown(page: Page, errors: list[str], path: str, lang: str, viewport: dict) -> None:
    """What a shopper sees once the page is filled in, in `lang` at the width of `viewport`."""
    where = (path, lang, viewport["width"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    phone = viewport["width"] < 768
    switches = [sel for sel in ("#language-switch", "#lang-toggle") if page.locator(sel).is_visible()]
    assert switches == (["#lang-toggle"] if phone else ["#language-switch"]), where
    assert page.evaluate(OVERFLOW_JS) <= 0, (*where, page.evaluate("() => document.documentElement.scrollWidth"))
    assert [error for error in errors if HYDRATION.search(error)] == [], where
    assert other_language_lines(page, lang) == [], where
    if path.startswith("/catalog"):
        _check_catalog(page, phone, where)


def _check_catalog(page: Page, phone: bool, where: tuple) -> None:
    if phone:
        expect(page.locator("#catalog-filters")).to_be_hidden()
        page.locator("#filters-toggle").click()
    expect(page.locator("#catalog-filters")).to_be_visible()
    boxes = [link.bounding_box() for link in page.locator("#category-tree a").all()]
    assert len(boxes) > 1, where
    # One category a line: each link starts below the one before it.
    for above, below in itertools.pairwise(boxes):
        assert above and below and below["y"] >= above["y"] + above["height"] - 1, (*where, above, below)
    if phone:
        page.locator("#filters-toggle").click()
        expect(page.locator("#catalog-filters")).to_be_hidden()


def _switch_language(page: Page, lang: str, viewport: dict) -> None:
    page.locator("#lang-toggle" if viewport["width"] < 768 else f"#lang-{lang}").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def _visit_each_first(browser: Browser, live_server: LiveServer, lang: str, viewport: dict, pages: list) -> None:
    """Each page as the first page a new browser opens."""
    for path, ready in pages:
        with _browser_in(browser, live_server, lang, viewport) as context:
            page, errors = _tab(context)
            open_page(page, path)
            expect(page.locator(ready).first).to_be_visible()
            _check_shown(page, errors, path, lang, viewport)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_first_visit_on_a_phone_looks_right_on_every_page(browser: Browser, live_server: LiveServer, lang: str):
    _visit_each_first(browser, live_server, lang, PHONE, _guest_pages(live_server))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_first_visit_on_a_wide_screen_looks_right(browser: Browser, live_server: LiveServer, lang: str) -> None:
    _visit_each_first(browser, live_server, lang, WIDE, _guest_pages(live_server))


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_admin_pages_load_right_and_follow_a_switch(
    browser: Browser, live_server: LiveServer, lang: str, viewport: dict
) -> None:
    other = "ru" if lang == "en" else "en"
    _every_history_kind(live_server)
    with _browser_in(browser, live_server, lang, viewport) as context:
        page, errors = _tab(context)
        log_in_as_admin(page)
        for path, ready in ADMIN_PAGES:
            open_page(page, path)
            expect(page.locator(ready)).to_be_visible()
            _check_shown(page, errors, path, lang, viewport)
        _switch_language(page, other, viewport)
        _check_shown(page, errors, ADMIN_PAGES[-1][0], other, viewport)
        open_page(page, "/catalog")
        expect(page.locator("#product-grid")).to_be_visible()
        _check_shown(page, errors, "/catalog", other, viewport)


def _every_history_kind(live_server: LiveServer) -> None:
    """The history page at its widest whatever ran before: its kind filter lists the kinds recorded, so one event of
    every kind, with an actor and a target as long as an address can be, written in one piece."""
    long_address = "a-very-long-mailbox-name-without-any-break@subdomain.example-shop-domain.test"
    with live_session(live_server) as session:
        for kind in EventKind:
            record_event(session=session, kind=kind, actor_label=long_address, target=long_address, ip="2001:db8::1")
        session.commit()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_catalog_on_a_phone_follows_a_switch(browser: Browser, live_server: LiveServer, lang: str) -> None:
    other = "ru" if lang == "en" else "en"
    with _browser_in(browser, live_server, lang, PHONE) as context:
        page, errors = _tab(context)
        open_page(page, "/catalog")
        expect(page.locator("#product-grid")).to_be_visible()
        _switch_language(page, other, PHONE)
        expect(page.locator("#product-grid")).to_be_visible()
        _check_shown(page, errors, "/catalog", other, PHONE)
