"""A shopper browses the demo catalog in Chromium: search, filters, sorting, pages, the product page,
and URLs that reproduce a view (a copied link in a new tab, the back button)."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from store_app.catalog.query import ProductQuery, Sort, search_words
from store_app.catalog.search_service import search_products
from store_app.catalog.showcase_service import discounted_products, new_products
from store_app.core.i18n import t
from store_app.core.money import format_money
from tests.e2e.conftest import LiveServer
from tests.e2e.views import open_page
from tests.utils.factories import make_product
from tests.utils.live_shop import live_session

CARDS = "#product-grid a.product-card-link"


def expected(live_server: LiveServer, **query: object) -> tuple[int, list[str]]:
    """What the live shop's database holds for this query: the total and the first page's names."""
    with live_session(live_server) as session:
        result = search_products(session=session, query=ProductQuery(**query))
    return result.total, [product.name for product in result.items]


def shows(tab: Page, live_server: LiveServer, /, **query: object) -> list[str]:
    """Wait until the tab shows exactly what the database has for `query`; returns the card names."""
    total, names = expected(live_server, **query)
    expect(tab.locator("#found-count")).to_have_text(t("catalog.found", count=total))
    expect(tab.locator(f"{CARDS} .product-card-name")).to_have_text(names)
    return names


def money_value(text: str) -> Decimal:
    """ "12 990,00 ₽" -> Decimal("12990.00")"""
    return Decimal(re.sub(r"[^\d,]", "", text).replace(",", "."))


def card_prices(page: Page) -> list[Decimal]:
    return [money_value(text) for text in page.locator(f"{CARDS} .product-card-price-current").all_inner_texts()]


def url_params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_search_finds_products_by_the_start_of_their_words(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/catalog")
    shows(page, live_server)
    page.locator("#search-input").fill("наушники sony")
    page.locator("#search-input").press("Enter")
    expect(page).to_have_url(re.compile(r"q=%D0%BD%D0%B0%D1%83%D1%88%D0%BD%D0%B8%D0%BA%D0%B8\+sony"))
    names = shows(page, live_server, text="наушники sony")
    assert names and all("sony" in name.casefold() and "наушники" in name.casefold() for name in names)


def test_search_puts_whole_words_above_words_found_inside_words(page: Page, live_server: LiveServer) -> None:
    # "pad" starts a word of "Xiaomi Pad 6" and sits inside "iPad" and "MatePad": all are found, in that order.
    open_page(page, "/catalog")  # the load re-mounts the search box: what is typed before it may go
    page.locator("#search-input").fill("pad")
    page.locator("#search-input").press("Enter")
    expect(page).to_have_url(re.compile(r"q=pad$"))
    expect(page.locator("#sort-select")).to_have_text(t("catalog.sort.relevance"))
    names = shows(page, live_server, text="pad")
    starts = [any(word.startswith("pad") for word in search_words(name)) for name in names]
    assert True in starts and False in starts  # whole words and words inside words, merged
    assert starts == sorted(starts, reverse=True)  # every whole-word match first
    assert any("ipad" in search_words(name) for name in names)
    page.locator("#sort-select").click()
    page.locator("#sort-price").click()
    expect(page).to_have_url(re.compile(r"q=pad&sort=price"))
    shows(page, live_server, text="pad", sort=Sort.PRICE_ASC)
    prices = card_prices(page)
    assert prices == sorted(prices)
    page.locator("#sort-select").click()
    page.locator("#sort-relevance").click()
    expect(page).to_have_url(re.compile(r"q=pad$"))
    assert shows(page, live_server, text="pad") == names


@pytest.mark.parametrize(
    ("typed", "meant", "name_word"),
    [("yjen,er", "ноутбук", "ноутбук"), ("смартфн", "смартфон", "смартфон"), ("наушников", "", "наушники")],
    ids=["keyboard-layout", "typo", "word-form"],
)
def test_a_search_typed_in_the_other_layout_with_a_typo_or_in_another_form_finds_what_was_meant(
    page: Page, live_server: LiveServer, typed: str, meant: str, name_word: str
) -> None:
    # Typed into the box as a shopper does; a search the shop read as other words says which ones it showed.
    open_page(page, "/catalog")
    page.locator("#search-input").fill(typed)
    page.locator("#search-input").press("Enter")
    names = shows(page, live_server, text=typed)
    assert names and name_word in search_words(names[0])  # the best match names it
    if meant:
        expect(page.locator("#searched-instead")).to_have_text(t("catalog.searched_instead", text=meant))
    else:  # a word form is the same search: nothing to explain
        expect(page.locator("#searched-instead")).to_have_count(0)
    expect(page.locator("#search-input")).to_have_value(typed)  # the box keeps what was typed


def test_a_category_shows_its_subcategories_products_and_opens_in_the_tree(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/catalog")
    page.locator("#category-audio").click()
    expect(page).to_have_url(re.compile(r"category=audio"))
    expect(page.locator("#catalog-heading")).to_have_text("Аудио")
    shows(page, live_server, category="audio")
    total_audio, _ = expected(live_server, category="audio")
    total_headphones, _ = expected(live_server, category="headphones")
    assert 0 < total_headphones < total_audio  # the section holds its subsections' products
    page.locator("#category-headphones").click()
    expect(page.locator("#breadcrumbs")).to_contain_text("Аудио")
    expect(page.locator("#catalog-heading")).to_have_text("Наушники")
    shows(page, live_server, category="headphones")
    expect(page.locator("#category-headphones")).to_have_attribute("aria-current", "page")


def test_sorting_by_price_orders_the_cards(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/catalog?category=smartphones-gadgets")
    shows(page, live_server, category="smartphones-gadgets")
    page.locator("#sort-select").click()
    page.locator("#sort-price").click()
    expect(page).to_have_url(re.compile(r"sort=price"))
    shows(page, live_server, category="smartphones-gadgets", sort=Sort.PRICE_ASC)
    prices = card_prices(page)
    assert prices == sorted(prices) and prices[0] < prices[-1]
    page.locator("#sort-select").click()
    page.locator("#sort--price").click()
    shows(page, live_server, category="smartphones-gadgets", sort=Sort.PRICE_DESC)
    prices = card_prices(page)
    assert prices == sorted(prices, reverse=True)


def test_pages_move_forward_and_back(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/catalog")
    first = shows(page, live_server)
    page.locator("#page-2").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    second = shows(page, live_server, page=2)
    assert not set(first) & set(second)
    expect(page.locator("#page-2")).to_have_attribute("aria-current", "page")
    page.locator("#page-next").click()
    shows(page, live_server, page=3)
    page.locator("#page-previous").click()
    shows(page, live_server, page=2)


def test_price_range_and_in_stock_filter_the_cards(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/catalog?category=audio")
    page.locator("#price-min").fill("5000")
    page.locator("#price-max").fill("15 000")
    page.locator("#price-apply").click()
    expect(page).to_have_url(re.compile(r"min=5000&max=15000"))
    shows(page, live_server, category="audio", min_price=Decimal(5000), max_price=Decimal(15000))
    assert all(Decimal(5000) <= price <= Decimal(15000) for price in card_prices(page))
    page.locator("#in-stock").click()
    expect(page).to_have_url(re.compile(r"stock=1"))
    shows(page, live_server, category="audio", min_price=Decimal(5000), max_price=Decimal(15000), in_stock=True)
    expect(page.locator(CARDS).filter(has_text=t("product.out_of_stock"))).to_have_count(0)


def test_a_copied_link_opens_the_same_view_in_a_new_tab(
    page: Page, context: BrowserContext, live_server: LiveServer
) -> None:
    open_page(page, "/catalog")
    # Each step waits for the view it leads to, as a shopper's eyes do: a control used before the
    # previous step's page has loaded builds its link from the view still shown.
    page.locator("#category-smartphones-gadgets").click()
    shows(page, live_server, category="smartphones-gadgets")
    page.locator("#search-input").fill("samsung")
    page.locator("#search-button").click()
    shows(page, live_server, text="samsung", category="smartphones-gadgets")
    page.locator("#sort-select").click()
    page.locator("#sort--price").click()
    shows(page, live_server, text="samsung", category="smartphones-gadgets", sort=Sort.PRICE_DESC)
    page.locator("#in-stock").click()
    query = dict(text="samsung", category="smartphones-gadgets", sort=Sort.PRICE_DESC, in_stock=True)
    names = shows(page, live_server, **query)
    copied = page.url
    assert url_params(page) == {
        "q": ["samsung"],
        "category": ["smartphones-gadgets"],
        "stock": ["1"],
        "sort": ["-price"],
    }

    other = context.new_page()
    open_page(other, copied)
    assert shows(other, live_server, **query) == names
    expect(other.locator("#search-input")).to_have_value("samsung")
    expect(other.locator("#in-stock")).to_have_attribute("data-state", "checked")
    expect(other.locator("#sort-select")).to_have_text(t("catalog.sort.-price"))
    expect(other.locator("#catalog-heading")).to_have_text("Смартфоны и гаджеты")
    other.close()


def test_the_back_button_returns_to_the_previous_filters(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/catalog?category=computers&page=2")
    before = shows(page, live_server, category="computers", page=2)
    page.locator("#category-laptops").click()
    shows(page, live_server, category="laptops")
    page.go_back()
    expect(page).to_have_url(re.compile(r"category=computers&page=2"))
    assert shows(page, live_server, category="computers", page=2) == before
    expect(page.locator("#catalog-heading")).to_have_text("Ноутбуки и компьютеры")
    page.go_forward()
    shows(page, live_server, category="laptops")


def test_a_product_card_opens_the_product_page(page: Page, live_server: LiveServer) -> None:
    query = ProductQuery(text="iphone 15 pro", sort=Sort.PRICE_ASC)
    with live_session(live_server) as session:
        product = search_products(session=session, query=query).items[0]
    open_page(page, query.to_url())
    shows(page, live_server, text="iphone 15 pro", sort=Sort.PRICE_ASC)
    page.locator(CARDS).first.click()
    expect(page).to_have_url(re.compile(rf"/product/{product.slug}$"))
    expect(page.locator("#product-name")).to_have_text(product.name)
    expect(page.locator("#product-price-current")).to_have_text(format_money(product.current_price))
    expect(page.locator("#product-description")).to_have_text(product.description)
    expect(page.locator("#product-breadcrumbs")).to_contain_text("Смартфоны")
    expect(page.locator("#quantity-input")).to_have_value("1")
    # The cart wires the button: it works whenever the product is in stock.
    add_button = expect(page.locator("#add-to-cart"))
    add_button.to_be_enabled() if product.in_stock else add_button.to_be_disabled()
    assert page.locator("#product-image").evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_discounted_product_shows_the_old_price_struck_through(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/")
    card = page.locator("#home-discounts a.product-card-link").first
    expect(card.locator(".product-card-price-old s")).to_be_visible()  # struck through
    card.click()
    expect(page.locator("#product-price-old s")).to_be_visible()
    assert money_value(page.locator("#product-price-current").inner_text()) < money_value(
        page.locator("#product-price-old").inner_text()
    )


def test_the_home_page_shows_discounts_new_arrivals_and_sections(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/")
    expect(page.locator("#home-discounts a.product-card-link")).to_have_count(8)
    expect(page.locator("#home-new a.product-card-link")).to_have_count(8)
    # New arrivals are products one can buy: the newest in stock (other tests add sold-out ones).
    _, newest = expected(live_server, sort=Sort.NEWEST, in_stock=True)
    expect(page.locator("#home-new .product-card-name").first).to_have_text(newest[0])
    page.locator("#home-section-tv-video").click()
    expect(page).to_have_url(re.compile(r"/catalog/?\?category=tv-video$"))
    shows(page, live_server, category="tv-video")


def test_a_product_in_two_home_page_blocks_repeats_no_element_id(page: Page, live_server: LiveServer) -> None:
    # The newest product on sale, with a discount, is both the newest discount and the newest arrival (other tests add
    # products too, so the test makes its own instead of relying on the demo's).
    with live_session(live_server) as session:
        make_product(session, name=f"Кабель двух витрин {uuid.uuid4().hex[:6]}", price="900.00", discount="700.00")
        discounted = {product.name for product in discounted_products(session=session)}
        both = [product.name for product in new_products(session=session) if product.name in discounted]
    assert both, "no product is in both home page blocks: the test needs one"
    open_page(page, "/")
    for block in ("#home-discounts", "#home-new"):
        expect(page.locator(f"{block} .product-card-name").filter(has_text=both[0])).to_have_count(1)
    ids = page.locator("[id]").evaluate_all("elements => elements.map(element => element.id)")
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_an_unknown_product_or_category_says_so(page: Page) -> None:
    open_page(page, "/product/no-such-thing")
    expect(page.locator("#product-not-found")).to_have_text(t("product.not_found"))
    open_page(page, "/catalog?category=no-such-category&page=abc&min=junk")
    expect(page.locator("#catalog-empty")).to_have_text(t("catalog.category_not_found"))


@pytest.mark.parametrize("width", [390])
def test_on_a_phone_the_filters_open_from_a_button(page: Page, live_server: LiveServer, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    open_page(page, "/catalog")
    shows(page, live_server)
    expect(page.locator("#catalog-filters")).to_be_hidden()
    page.locator("#filters-toggle").click()
    expect(page.locator("#catalog-filters")).to_be_visible()
    page.locator("#category-accessories").click()
    shows(page, live_server, category="accessories")
    expect(page.locator("#catalog-filters")).to_be_hidden()
    images = page.locator(f"{CARDS} img")
    images.first.scroll_into_view_if_needed()
    expect(images.first).to_have_js_property("complete", True)
    assert images.first.evaluate("img => img.naturalWidth") > 0
