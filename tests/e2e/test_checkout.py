"""A shopper checks out in Chromium: contact details prefilled, a review, the order in the list, the
confirmation mail through the real SMTP server, and cancelling gives the stock back."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from store_app.core.i18n import t
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import create_shopper, log_in
from tests.e2e.views import arrived_at, open_page
from tests.utils.live_shop import (
    live_product,
    live_stock,
    order_everything_in_cart,
    put_in_users_cart,
    set_profile_contact,
)
from tests.utils.mailbox import Mailbox, body_text


def test_checkout_places_the_order_mails_it_and_cancel_returns_the_stock(
    page: Page, live_server: LiveServer, mailbox: Mailbox
) -> None:
    laptop = live_product(live_server, name="Ноутбук Orbit 14", stock=5, price="89990.00", discount="84990.00")
    login = create_shopper(live_server, first_name="Полина")
    set_profile_contact(live_server, login, phone="+79161234567", address="Москва, ул. Тверская, д. 7")
    put_in_users_cart(live_server, login, laptop.id, 2)

    log_in(page, login, next_path="/checkout")
    arrived_at(page, "/checkout")
    expect(page.locator("#checkout-name")).to_have_value("Полина Кузнецова")
    expect(page.locator("#checkout-phone")).to_have_value("+7 916 123-45-67")  # stored E.164, shown as written
    expect(page.locator("#checkout-address")).to_have_value("Москва, ул. Тверская, д. 7")
    # Step 1 already shows what is ordered and the total (issue 16).
    expect(page.locator("#checkout-summary .checkout-summary-line")).to_contain_text(["Ноутбук Orbit 14"])
    expect(page.locator("#checkout-summary-total")).to_contain_text("169")

    page.locator("#checkout-phone").fill("12")
    page.locator("#checkout-to-review").click()
    expect(page.locator("#checkout-phone-error")).to_have_text(t("orders.error.phone_invalid"))
    page.locator("#checkout-phone").fill("8 916 765-43-21")
    page.locator("#checkout-to-review").click()
    expect(page.locator("#checkout-review-phone")).to_have_text("+7 916 765-43-21")
    expect(page.locator("#checkout-review-lines")).to_contain_text("Ноутбук Orbit 14")
    expect(page.locator("#checkout-review-lines th")).to_have_text(
        [t("checkout.col.product"), t("cart.quantity"), t("checkout.col.price"), t("checkout.col.total")]
    )
    page.locator("#checkout-place").click()

    expect(page).to_have_url(re.compile(r"/orders/?$"))
    notice = page.locator("#orders-notice")
    expect(notice).to_be_visible()
    number = re.search(r"\d{6}-\d{6}", notice.inner_text()).group(0)
    expect(page.locator(f"#order-status-{number}")).to_have_text(t("orders.status.new"))
    expect(page.locator(f"#order-{number}")).to_contain_text("Ноутбук Orbit 14")
    expect(page.locator("#cart-badge")).to_have_text("0")
    assert live_stock(live_server, laptop.id) == 3

    mail = mailbox.wait_for(to=f"{login}@example.com", timeout=30)
    assert number in str(mail["Subject"])
    text = body_text(mail)
    assert "Ноутбук Orbit 14" in text and "Москва, ул. Тверская, д. 7" in text

    page.goto("/cabinet")  # the cabinet lists the orders too (SPEC A6, C4)
    expect(page.locator(f"#cabinet-orders #order-status-{number}")).to_have_text(t("orders.status.new"))
    expect(page.locator(f"#cabinet-orders #order-total-{number}")).to_be_visible()

    page.goto("/")
    page.locator("#nav-orders").click()  # the order list is one click away on every page
    expect(page.locator(f"#order-status-{number}")).to_have_text(t("orders.status.new"))
    expect(page.locator("#orders-notice")).to_have_count(0)  # the "placed" notice was shown once
    page.locator(f"#order-cancel-{number}").click()  # asks first (issue 16)
    expect(page.get_by_role("alertdialog")).to_contain_text(number)
    page.locator(f"#order-cancel-keep-{number}").click()
    expect(page.locator(f"#order-status-{number}")).to_have_text(t("orders.status.new"))
    assert live_stock(live_server, laptop.id) == 3
    page.locator(f"#order-cancel-{number}").click()
    page.locator(f"#order-cancel-confirm-{number}").click()
    expect(page.locator(f"#order-status-{number}")).to_have_text(t("orders.status.cancelled"))
    expect(page.locator(f"#order-cancel-{number}")).to_have_count(0)
    assert live_stock(live_server, laptop.id) == 5


def test_sold_out_at_the_last_moment_is_told_and_nothing_is_ordered(page: Page, live_server: LiveServer) -> None:
    speaker = live_product(live_server, name="Колонка Echo", stock=1)
    login = create_shopper(live_server)
    set_profile_contact(live_server, login, phone="+79161234567", address="Казань, ул. Баумана, д. 1")
    put_in_users_cart(live_server, login, speaker.id, 1)
    log_in(page, login, next_path="/checkout")
    arrived_at(page, "/checkout")  # the form is filled in from the profile by the page's on_load
    page.locator("#checkout-to-review").click()
    expect(page.locator("#checkout-place")).to_be_visible()

    rival = create_shopper(live_server)  # buys the last one while our shopper reviews
    put_in_users_cart(live_server, rival, speaker.id, 1)
    order_everything_in_cart(live_server, rival)

    page.locator("#checkout-place").click()
    expect(page.locator("#checkout-error")).to_have_text(t("orders.error.sold_out", name="Колонка Echo"))
    assert live_stock(live_server, speaker.id) == 0


def test_checkout_sends_a_visitor_to_log_in_first(page: Page, live_server: LiveServer) -> None:
    page.goto("/checkout")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fcheckout(%2F)?$"))


def test_a_guest_cart_merged_by_a_login_through_checkout_says_so_on_checkout(
    page: Page, live_server: LiveServer
) -> None:
    phone = live_product(live_server, name="Смартфон Pulse", stock=2)
    login = create_shopper(live_server)
    put_in_users_cart(live_server, login, phone.id, 1)  # left in the account's cart on another visit
    open_page(page, f"/product/{phone.slug}")
    page.locator("#quantity-input").fill("2")
    expect(page.locator("#quantity-input")).to_have_value("2")
    page.locator("#add-to-cart").click()
    expect(page.locator("#add-to-cart-done")).to_have_text(t("cart.added", count=2))

    log_in(page, login, next_path="/checkout")
    expect(page).to_have_url(re.compile(r"/checkout/?$"))
    notes = page.locator("#cart-notes")
    expect(notes).to_contain_text(t("cart.merge.added", count=1))
    expect(notes).to_contain_text(t("cart.merge.capped", name="Смартфон Pulse", stock=2))
    expect(page.locator("#checkout-summary")).to_contain_text("Смартфон Pulse")
    page.locator("#cart-notes-dismiss").click()
    expect(page.locator("#cart-notes")).to_have_count(0)
