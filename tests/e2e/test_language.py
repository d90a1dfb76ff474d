"""RU / EN at run time in Chromium (issue 12): the navbar switch changes catalog, cart and cabinet at once
with no text of the other language left, `<html lang>` follows, the choice survives a reload and a login
(and lands on the account, so mails follow it), and a first visit is offered its Accept-Language."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import Session, select

from store_app.accounts.models import User
from store_app.core.db import build_engine
from store_app.core.i18n import catalogue
from tests.e2e.conftest import LiveServer
from tests.e2e.language_texts import other_language_lines
from tests.e2e.login_flow import create_shopper, log_in
from tests.e2e.views import open_page
from tests.utils.live_shop import live_product


def _switch(page: Page, lang: str) -> None:
    page.locator(f"#lang-{lang}").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(f"#lang-{lang}")).to_have_attribute("aria-pressed", "true")


def _expect_in(page: Page, lang: str, element: str, key: str) -> None:
    expect(page.locator(element)).to_have_text(catalogue(lang).messages[key])  # type: ignore[arg-type]


def _account_language(live_server: LiveServer, login: str) -> str:
    engine = build_engine(live_server.db_url)
    try:
        with Session(engine) as session:
            return session.exec(select(User).where(User.login == login)).one().language
    finally:
        engine.dispose()


def test_catalog_cart_and_cabinet_switch_without_a_reload(page: Page, live_server: LiveServer) -> None:
    product = live_product(live_server, name="Наушники Echo", stock=5, price="2990.00")
    page.goto("/catalog")
    _expect_in(page, "ru", "#nav-catalog", "nav.catalog")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    _switch(page, "en")
    _expect_in(page, "en", "#nav-catalog", "nav.catalog")
    expect(page.locator("#found-count")).to_contain_text("found")
    assert other_language_lines(page, "en") == []
    assert "/catalog" in page.url  # the same address in both languages

    open_page(page, f"/product/{product.slug}")
    page.locator("#add-to-cart").click()
    expect(page.locator("#cart-badge")).to_have_text("1")
    page.goto("/cart")
    _expect_in(page, "en", "#nav-catalog", "nav.catalog")
    expect(page).to_have_title(f"{catalogue('en').messages['cart.title']} — {catalogue('en').messages['shop.name']}")
    expect(page.locator("#cart-count")).to_have_text("1 item")
    expect(page.locator("body")).to_contain_text(product.name)  # shop data stays as entered
    expect(page.locator("body")).to_contain_text("₽2,990.00")  # money in English
    assert other_language_lines(page, "en") == []

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _expect_in(page, "en", "#nav-catalog", "nav.catalog")
    assert other_language_lines(page, "en") == []

    _switch(page, "ru")
    expect(page.locator("#cart-count")).to_have_text("1 товар")
    expect(page.locator("body")).to_contain_text("2\u00a0990,00\u00a0₽")
    assert other_language_lines(page, "ru") == []


def test_the_choice_survives_a_login_and_reaches_the_account(page: Page, live_server: LiveServer) -> None:
    login = create_shopper(live_server)
    assert _account_language(live_server, login) == "ru"
    page.goto("/")
    _switch(page, "en")
    log_in(page, login, next_path="/cabinet")
    expect(page).to_have_url(re.compile(r"/cabinet/?$"))
    expect(page.locator("#nav-user-name")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert other_language_lines(page, "en") == []
    assert _account_language(live_server, login) == "en"

    _switch(page, "ru")
    expect(page.locator("#nav-orders")).to_have_attribute("aria-label", catalogue("ru").messages["nav.orders"])
    assert other_language_lines(page, "ru") == []
    # The switch tells the server after the page has changed: wait for the account to follow.
    deadline = time.monotonic() + 15
    while _account_language(live_server, login) != "ru" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _account_language(live_server, login) == "ru"


def test_a_first_visit_is_offered_its_browser_language(browser: Browser, live_server: LiveServer) -> None:
    english = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        tab = english.new_page()
        tab.goto("/")
        expect(tab.locator("html")).to_have_attribute("lang", "en")
        _expect_in(tab, "en", "#nav-catalog", "nav.catalog")
        assert {c["name"]: c["value"] for c in english.cookies()}.get("lang") == "en"
    finally:
        english.close()


def _lang_cookie_days_left(context: BrowserContext, lang: str) -> float:
    """Days until the browser drops the `lang` cookie, once it holds `lang` (a switch writes it from page script)."""
    deadline = time.monotonic() + 15
    cookie = None
    while (cookie is None or cookie["value"] != lang) and time.monotonic() < deadline:
        time.sleep(0.2)
        cookie = next((c for c in context.cookies() if c["name"] == "lang"), None)
    assert cookie is not None and cookie["value"] == lang, cookie
    return (cookie["expires"] - time.time()) / 86400  # -1 (long past) for a cookie of the session only


def test_the_language_cookie_lives_a_year(page: Page) -> None:
    # README Languages: the choice is the `lang` cookie, kept a year; the first page's answer sets it, the switch
    # writes it again in the browser.
    page.goto("/")
    assert 364 < _lang_cookie_days_left(page.context, "ru") <= 365
    _switch(page, "en")
    assert 364 < _lang_cookie_days_left(page.context, "en") <= 365
