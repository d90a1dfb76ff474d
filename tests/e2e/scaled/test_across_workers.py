"""On the scaled-out shop (2 workers, PostgreSQL, Redis): a shopper's login, cart and checkout hold while
page loads and event sockets land on different workers; a logout, and an admin's "disable", reach the
tabs another worker serves. Each step asserts which worker served it (X-Worker header, socket log)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin
from tests.e2e.login_flow import create_shopper, log_in, running_sessions
from tests.e2e.scaled.conftest import WORKERS, ScaledServer
from tests.utils.live_shop import live_product, live_stock, put_in_users_cart, set_profile_contact

TRIES = 20
REDIRECT_TIMEOUT = 20_000


def tab_on_other_worker(context: BrowserContext, server: ScaledServer, path: str, *, than: str) -> tuple[Page, str]:
    """A new tab on `path` whose event socket another worker than `than` accepted (new tabs until one does)."""
    for _ in range(TRIES):
        tab = context.new_page()
        tab.goto(path)
        worker = server.socket_worker(tab)
        if worker != than:
            return tab, worker
        tab.close()
    raise AssertionError(f"{TRIES} new tabs all had their event socket on worker {than}")


def page_loads_on_two_workers(
    context: BrowserContext, browser: Browser, server: ScaledServer, path: str, user_name: str
) -> set[str]:
    """Load `path` until two different workers have answered the page load, each time waiting until the page
    shows the shopper logged in (as a shopper would before the next click); returns the workers' pids.

    Each load is made by a fresh browser context holding the shopper's cookies, so it opens a new connection
    (one context would keep its keep-alive connection, and so its worker, for every load); the cookies each
    load leaves (a rotated session cookie) are carried to the next context and back into `context`."""
    seen: set[str] = set()
    state = context.storage_state()
    for _ in range(TRIES):
        fresh = browser.new_context(base_url=server.url, storage_state=state)
        page = fresh.new_page()
        response = page.goto(path)
        assert response is not None and response.ok
        seen.add(response.headers["x-worker"])
        expect(page.locator("#nav-user-name")).to_have_text(user_name)
        state = fresh.storage_state()
        fresh.close()
        if len(seen) == WORKERS:
            break
    context.add_cookies(state["cookies"])
    return seen


def test_login_cart_and_checkout_hold_across_workers(
    page: Page, context: BrowserContext, browser: Browser, live_server: ScaledServer
) -> None:
    product = live_product(live_server, name="Наушники Scale", stock=5, price="4990.00")
    login = create_shopper(live_server, first_name="Вера")
    set_profile_contact(live_server, login, phone="+79161234567", address="Москва, ул. Арбат, д. 1")
    log_in(page, login, next_path=f"/product/{product.slug}")
    expect(page.locator("#nav-user-name")).to_have_text("Вера")
    page.locator("#add-to-cart").click()
    expect(page.locator("#cart-badge")).to_have_text("1")
    first = live_server.socket_worker(page)

    # Page loads answered by both workers, each still logged in with the same cart.
    assert len(page_loads_on_two_workers(context, browser, live_server, "/cart", "Вера")) == WORKERS
    page.goto("/cart")
    expect(page.locator(f"#cart-qty-{product.id}")).to_have_value("1")

    # A tab whose events another worker handles sees the same login and cart, and changes it.
    other_tab, second = tab_on_other_worker(context, live_server, "/cart", than=first)
    assert second != first
    expect(other_tab.locator("#nav-user-name")).to_have_text("Вера")
    expect(other_tab.locator(f"#cart-qty-{product.id}")).to_have_value("1")
    other_tab.locator(f"#cart-inc-{product.id}").click()
    expect(other_tab.locator("#cart-badge")).to_have_text("2")

    # Checkout starts on one worker and is placed on the other.
    back_tab, third = tab_on_other_worker(context, live_server, "/checkout", than=second)
    assert third != second
    expect(back_tab.locator("#checkout-address")).to_have_value("Москва, ул. Арбат, д. 1")
    back_tab.locator("#checkout-to-review").click()
    expect(back_tab.locator("#checkout-review-lines")).to_contain_text("Наушники Scale")
    back_tab.locator("#checkout-place").click()
    expect(back_tab).to_have_url(re.compile(r"/orders/?$"))
    number = re.search(r"\d{6}-\d{6}", back_tab.locator("#orders-notice").inner_text()).group(0)
    assert live_stock(live_server, product.id) == 3

    other_tab.goto("/orders")
    expect(other_tab.locator(f"#order-status-{number}")).to_have_text(t("orders.status.new"))
    expect(other_tab.locator("#cart-badge")).to_have_text("0")
    assert len(running_sessions(live_server, login)) == 1


def test_logout_in_one_tab_is_seen_by_a_tab_on_the_other_worker(
    page: Page, context: BrowserContext, live_server: ScaledServer
) -> None:
    login = create_shopper(live_server)
    log_in(page, login, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    first = live_server.socket_worker(page)
    other_tab, second = tab_on_other_worker(context, live_server, "/cabinet", than=first)
    expect(other_tab.locator("#cabinet-login")).to_have_text(login)
    sockets_before = live_server.socket_count(other_tab)

    page.locator("#nav-logout button").click()
    expect(page.locator("#nav-login")).to_be_visible()

    # The other tab's next step, over the socket it already had on the other worker, finds no session.
    other_tab.locator("#nav-orders").click()
    expect(other_tab.locator("#nav-login")).to_be_visible()
    expect(other_tab.locator("#nav-user-name")).to_have_count(0)
    # The page's guard sends the visitor to log in (slow on a loaded machine: the default 5 s is not enough).
    expect(other_tab).to_have_url(re.compile(r"/login"), timeout=REDIRECT_TIMEOUT)
    assert live_server.socket_count(other_tab) == sockets_before, "the tab reconnected: not the other worker's verdict"
    assert live_server.socket_worker(other_tab) == second != first
    assert running_sessions(live_server, login) == []


def test_disabling_an_account_ends_its_tabs_on_every_worker(
    page: Page, context: BrowserContext, browser: Browser, live_server: ScaledServer
) -> None:
    login = create_shopper(live_server)
    product = live_product(live_server, name="Кабель Scale", stock=9)
    put_in_users_cart(live_server, login, product.id, 1)
    log_in(page, login, next_path="/cart")
    expect(page.locator(f"#cart-qty-{product.id}")).to_have_value("1")
    first = live_server.socket_worker(page)
    other_tab, second = tab_on_other_worker(context, live_server, "/cart", than=first)
    expect(other_tab.locator(f"#cart-qty-{product.id}")).to_have_value("1")
    tabs = {first: page, second: other_tab}

    admin = browser.new_context(base_url=live_server.url)
    try:
        admin_page = admin.new_page()
        log_in_as_admin(admin_page, next_path="/admin/users")
        admin_page.locator("#users-search-text").fill(login)
        admin_page.locator("#users-search").click()
        switch = admin_page.locator("[id^=user-is-active-]")
        expect(switch).to_have_count(1)
        switch.click()
        expect(admin_page.locator("#users-notice")).to_have_text(t("admin.users.saved"))
    finally:
        admin.close()

    for worker, tab in tabs.items():
        before = live_server.socket_count(tab)
        tab.locator("#nav-orders").click()
        expect(tab.locator("#nav-login")).to_be_visible()
        expect(tab).to_have_url(re.compile(r"/login"), timeout=REDIRECT_TIMEOUT)
        assert live_server.socket_worker(tab) == worker and live_server.socket_count(tab) == before
    assert running_sessions(live_server, login) == []
