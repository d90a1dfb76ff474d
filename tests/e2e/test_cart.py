"""A shopper fills the cart in Chromium: the badge follows at once, quantities stop at the stock with
a message that says why, and a guest's cart joins the account's cart at login with a notice."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Browser, Page, expect

from store_app.core.i18n import t
from store_app.core.money import format_money
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import create_shopper, log_in
from tests.e2e.views import open_page
from tests.utils.live_shop import live_product, put_in_users_cart


def _add_from_product_page(page: Page, slug: str, quantity: int = 1) -> None:
    # The tab's last product shows until the load: its button would add that one.
    open_page(page, f"/product/{slug}")
    expect(page.locator("#add-to-cart")).to_be_enabled()
    page.locator("#quantity-input").fill(str(quantity))
    expect(page.locator("#quantity-input")).to_have_value(str(quantity))
    page.locator("#add-to-cart").click()
    expect(page.locator("#add-to-cart-done")).to_have_text(t("cart.added", count=quantity))


def test_badge_follows_every_change_and_quantity_stops_at_the_stock(page: Page, live_server: LiveServer) -> None:
    product = live_product(live_server, name="Колонка Pulse", stock=2, price="4990.00", discount="3990.00")
    _add_from_product_page(page, product.slug)
    expect(page.locator("#cart-badge")).to_have_text("1")

    page.locator("#add-to-cart").click()
    expect(page.locator("#cart-badge")).to_have_text("2")
    page.locator("#add-to-cart").click()
    expect(page.locator("#add-to-cart-error")).to_have_text(t("cart.error.only_left_in_cart", stock=2, in_cart=2))
    expect(page.locator("#cart-badge")).to_have_text("2")

    page.locator("#nav-cart").click()
    expect(page).to_have_url(re.compile(r"/cart/?$"))
    pid = product.id
    expect(page.locator(f"#cart-qty-{pid}")).to_have_value("2")
    # The exact sums, as the shop writes money: 2 x 3 990,00 paid, 2 x 1 000,00 saved.
    expect(page.locator("#cart-total")).to_contain_text(format_money(Decimal("7980.00")))
    expect(page.locator("#cart-savings")).to_contain_text(format_money(Decimal("2000.00")))

    # At the stock "+" is off; a typed quantity over it is refused, said, and the field shows the cart again.
    expect(page.locator(f"#cart-inc-{pid}")).to_be_disabled()
    page.locator(f"#cart-qty-{pid}").fill("7")
    page.locator(f"#cart-qty-{pid}").blur()
    expect(page.locator(f"#cart-line-error-{pid}")).to_have_text(t("cart.error.only_left", stock=2))
    expect(page.locator(f"#cart-qty-{pid}")).to_have_value("2")
    expect(page.locator("#cart-badge")).to_have_text("2")

    page.locator(f"#cart-dec-{pid}").click()
    expect(page.locator("#cart-badge")).to_have_text("1")
    expect(page.locator(f"#cart-line-error-{pid}")).to_have_text("")
    expect(page.locator(f"#cart-dec-{pid}")).to_be_disabled()  # never below 1: remove is the way out

    page.locator(f"#cart-remove-{pid}").click()
    expect(page.locator("#cart-empty")).to_be_visible()
    expect(page.locator("#cart-badge")).to_have_text("0")


def test_guest_cart_survives_a_reload(page: Page, live_server: LiveServer) -> None:
    product = live_product(live_server, name="Кабель USB-C", stock=10)
    _add_from_product_page(page, product.slug, quantity=3)
    page.goto("/contacts")
    expect(page.locator("#cart-badge")).to_have_text("3")
    page.reload()
    expect(page.locator("#cart-badge")).to_have_text("3")


def test_guest_cart_merges_at_login_capped_at_stock_with_a_notice(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    phone = live_product(live_server, name="Смартфон Nova", stock=3)
    case = live_product(live_server, name="Чехол Nova", stock=10)
    login = create_shopper(live_server)
    put_in_users_cart(live_server, login, phone.id, 2)  # left in the cart on another visit

    _add_from_product_page(page, phone.slug, quantity=2)
    _add_from_product_page(page, case.slug, quantity=1)
    expect(page.locator("#cart-badge")).to_have_text("3")

    log_in(page, login, next_path="/cart")
    expect(page).to_have_url(re.compile(r"/cart/?$"))
    notes = page.locator("#cart-notes")
    expect(notes).to_contain_text(t("cart.merge.added", count=2))
    expect(notes).to_contain_text(t("cart.merge.capped", name="Смартфон Nova", stock=3))
    expect(page.locator(f"#cart-qty-{phone.id}")).to_have_value("3")
    expect(page.locator(f"#cart-qty-{case.id}")).to_have_value("1")
    expect(page.locator("#cart-badge")).to_have_text("4")
    page.locator("#cart-notes-dismiss").click()
    expect(page.locator("#cart-notes")).to_have_count(0)

    # After logout this browser is a guest again with an empty cart; logging back in brings the cart back.
    page.locator("#nav-logout button").click()
    expect(page.locator("#nav-login")).to_be_visible()
    expect(page.locator("#cart-badge")).to_have_text("0")
    log_in(page, login, next_path="/cart")
    expect(page.locator(f"#cart-qty-{phone.id}")).to_have_value("3")
    expect(page.locator("#cart-badge")).to_have_text("4")

    # The same cart in another browser (C3).
    other = browser.new_context(base_url=live_server.url)
    try:
        other_page = other.new_page()
        log_in(other_page, login, next_path="/cart")
        expect(other_page.locator(f"#cart-qty-{phone.id}")).to_have_value("3")
        expect(other_page.locator("#cart-badge")).to_have_text("4")
    finally:
        other.close()
