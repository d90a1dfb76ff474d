"""Accessible, steady pages (issue 17): one h1, readable badges, a skip link first, no button in a link,
no layout shift or spinner flash on a hard load, and no sideways scrolling on a phone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from store_app.accounts.models import User
from store_app.catalog.models import Product
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin
from tests.e2e.cabinet_flow import PASSWORD, make_account
from tests.e2e.conftest import CHROMIUM_ARGS, LiveServer  # noqa: F401  (one browser for the session)
from tests.e2e.login_flow import log_in
from tests.e2e.views import open_page
from tests.utils.live_shop import live_session

# The text contrast of an element against what is painted behind it, as WCAG computes it. Colours are
# read through a canvas, so any CSS colour syntax (rgb, color(display-p3 …), oklch) comes out as sRGB.
CONTRAST_JS = """
(element) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const layers = [];
  for (let node = element; node; node = node.parentElement) layers.push(getComputedStyle(node).backgroundColor);
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(rgba(layer), background);
  const text = over(rgba(getComputedStyle(element).color), background);
  const luminance = ([r, g, b]) => {
    const linear = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const [R, G, B] = [r, g, b].map(linear);
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [l1, l2] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return (l1 + 0.05) / (l2 + 0.05);
}
"""

# Installed before any page script: sums layout shifts not caused by input and notes any spinner shown.
WATCH_JS = """
window.__shift = 0; window.__spinner = false;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: 'layout-shift', buffered: true});
new MutationObserver(() => {
  if (document.querySelector('.rt-Spinner')) window.__spinner = true;
}).observe(document, {subtree: true, childList: true});
"""

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def _discounted_product_slug(live_server: LiveServer) -> str:
    with live_session(live_server) as session:
        product = session.exec(
            select(Product).where(Product.discount_price.is_not(None), Product.stock > 0, Product.is_active)  # type: ignore[union-attr]
        ).first()
        assert product is not None
        return product.slug


def _check_page(page: Page, path: str, ready: str) -> None:
    """One h1, the skip link as the first Tab stop leading into the content, no button inside a link."""
    page.goto(path)
    expect(page.locator(ready).first).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    assert page.locator("a button, button a, a [role=button]").count() == 0, path
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.id, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#content"], (path, focused)
    expect(page.locator("#skip-link")).to_be_visible()
    expect(page.locator("#skip-link")).to_have_text(t("nav.skip"))


def test_guest_pages_have_one_h1_a_skip_link_and_no_button_in_a_link(page: Page, live_server: LiveServer) -> None:
    slug = _discounted_product_slug(live_server)
    for path, ready in [
        ("/", "#home-discounts"),
        ("/catalog", "#product-grid"),
        (f"/product/{slug}", "#product-name"),
        ("/contacts", "#contacts-title"),
        ("/login", "#login-submit"),
        ("/register", "#register-submit"),
        ("/cart", "#cart-page"),
    ]:
        _check_page(page, path, ready)
    assert page.evaluate("() => document.documentElement.lang") == "ru"
    page.locator("#skip-link").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))


def test_logged_in_and_admin_pages_have_one_h1(page: Page, live_server: LiveServer) -> None:
    log_in_as_admin(page)
    for path, ready in [
        ("/admin", "#admin-dashboard"),
        ("/admin/products", "#admin-products"),
        ("/admin/users", "#admin-users"),
        ("/admin/history", "#admin-history"),
        ("/cabinet", "#cabinet-name"),
        ("/orders", "#orders-page"),
    ]:
        _check_page(page, path, ready)


def test_stock_and_discount_badges_are_readable(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#home-discounts .product-card").first).to_be_visible()
    stock = page.locator("#home-discounts .stock-badge").first
    discount = page.locator("#home-discounts .discount-badge").first
    ratios = {"stock": stock.evaluate(CONTRAST_JS), "discount": discount.evaluate(CONTRAST_JS)}
    print("contrast", {name: round(ratio, 2) for name, ratio in ratios.items()})
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios


def test_a_hard_load_of_home_and_catalog_neither_shifts_nor_flashes_a_spinner(browser: Browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    try:
        for path, ready in [("/", "#home-new .product-card"), ("/catalog", "#product-grid .product-card")]:
            page = context.new_page()
            page.add_init_script(WATCH_JS)
            page.goto(path)
            expect(page.locator(ready).first).to_be_visible()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            shift, spinner = page.evaluate("() => [window.__shift, window.__spinner]")
            print(f"{path}: layout shift {shift:.4f}, spinner shown {spinner}")
            assert shift < 0.1, (path, shift)
            assert not spinner, path
            page.close()
    finally:
        context.close()


def _long_email_shopper(live_server: LiveServer) -> str:
    login = make_account(live_server)
    with live_session(live_server) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        user.email = f"{login}.{uuid.uuid4().hex}-very-long-address@subdomain.example.com"
        session.add(user)
        session.commit()
    return login


def test_a_logged_in_phone_never_scrolls_sideways(browser: Browser, live_server: LiveServer) -> None:
    login = _long_email_shopper(live_server)
    slug = _discounted_product_slug(live_server)
    for width in (360, 390):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            log_in(page, login, PASSWORD)
            expect(page.locator("#nav-menu")).to_be_visible()
            open_page(page, f"/product/{slug}")
            page.locator("#add-to-cart").click()
            expect(page.locator("#cart-badge")).to_have_text("1")
            for path, ready in [
                ("/", "#home-new"),
                ("/catalog", "#product-grid"),
                (f"/product/{slug}", "#product-name"),
                ("/cart", "#cart-page"),
                ("/checkout", "#checkout-page"),
                ("/orders", "#orders-page"),
                ("/contacts", "#contacts-title"),
                ("/cabinet", "#cabinet-name"),
            ]:
                # Measured once the page's on_load has filled it in (the tab's last page shows until then).
                open_page(page, path)
                expect(page.locator(ready).first).to_be_visible()
                assert page.evaluate(OVERFLOW_JS) <= 0, (width, path, page.evaluate(OVERFLOW_JS))
            email = page.locator("#cabinet-email")
            box, card = email.bounding_box(), page.locator("#cabinet-account").bounding_box()
            assert box and card and box["x"] + box["width"] <= card["x"] + card["width"], (box, card)
            # The checkout review and its confirm button fit the screen too (issue 16).
            open_page(page, "/checkout")  # its on_load fills the form in: typed before, the values would go
            page.locator("#checkout-phone").fill("+79161234567")
            page.locator("#checkout-address").fill("Москва, ул. Тверская, д. 7, кв. 12")
            page.locator("#checkout-to-review").click()
            place = page.locator("#checkout-place")
            expect(place).to_be_visible()
            assert page.evaluate(OVERFLOW_JS) <= 0, (width, "review", page.evaluate(OVERFLOW_JS))
            right = place.evaluate("(el) => el.getBoundingClientRect().right")
            assert right <= width, (width, right)
        finally:
            context.close()


def test_tabs_name_their_subject_unknown_paths_get_the_shop_page_and_the_shell_is_complete(
    page: Page, live_server: LiveServer
) -> None:
    slug = _discounted_product_slug(live_server)
    with live_session(live_server) as session:
        name, stock = session.exec(select(Product.name, Product.stock).where(Product.slug == slug)).one()
    shop = t("shop.name")
    page.goto(f"/product/{slug}")
    expect(page.locator("#product-name")).to_have_text(name)
    expect(page).to_have_title(f"{name} — {shop}")
    # More than the stock typed: lowered to the stock, and the shopper is told why (issue 16).
    page.locator("#quantity-input").fill(str(stock + 50))
    expect(page.locator("#quantity-input")).to_have_value(str(stock))
    expect(page.locator("#quantity-note")).to_have_text(t("cart.error.only_left", stock=stock))
    page.goto("/catalog?category=audio")
    expect(page.locator("#catalog-heading")).to_have_text("Аудио")
    expect(page).to_have_title(f"Аудио — {shop}")
    # The page as sent, before any script runs, names itself too (crawlers, link previews); its first
    # title was a computed var's value from compile time, the markup of a text reference.
    sent = page.request.get("/catalog").text()
    assert re.findall(r"<title>.*?</title>", sent) == [f"<title>{t('catalog.title')} — {shop}</title>"]
    assert "reflex.Var" not in sent
    # "Next" has its chevron after the word; the navbar is a <nav> landmark.
    assert page.locator("#page-next").evaluate("(el) => el.lastElementChild.tagName.toLowerCase()") == "svg"
    assert page.locator("#page-next").evaluate("(el) => el.firstChild.nodeType") == 3  # the text comes first
    expect(page.locator("header nav")).to_have_count(1)
    expect(page.locator("main#catalog-page")).to_have_count(1)
    expect(page.locator("footer")).to_have_count(1)

    page.goto("/no-such-page/at-all")
    expect(page.locator("#not-found-title")).to_have_text(t("not_found.title"))
    expect(page.locator("#nav-home")).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#not-found-catalog")).to_have_attribute("href", "/catalog")

    favicon = page.request.get("/favicon.ico")
    assert favicon.ok and len(favicon.body()) > 100, favicon.status


@pytest.mark.parametrize(("path", "grid"), [("/catalog?stock=1", "#product-grid"), ("/", "#home-new")])
def test_a_catalog_or_home_card_puts_its_product_in_the_cart(page: Page, path: str, grid: str) -> None:
    page.goto(path)
    card = page.locator(f"{grid} .product-card").filter(has=page.locator(".product-card-add:enabled")).first
    expect(card).to_be_visible()
    expect(page.locator("#cart-badge")).to_have_text("0")
    card.locator(".product-card-add").click()
    expect(page.locator("#cart-badge")).to_have_text("1")
    expect(card.locator(".product-card-add")).to_have_text(t("catalog.card.added"))
    name = card.locator(".product-card-name").inner_text()
    page.goto("/cart")
    expect(page.locator("#cart-page")).to_contain_text(name)
