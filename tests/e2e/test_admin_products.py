"""Staff edit products from /admin/products through the catalog service (SPEC D2, D4 low-stock link);
the specification fields follow the categories ticked in the form."""

from __future__ import annotations

import csv
import uuid
from decimal import Decimal

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from store_app.accounts.demo_accounts import DEMO_SHOPPER
from store_app.admin.products_state import AdminProductsState
from store_app.catalog.attribute_models import Attribute
from store_app.catalog.attributes import product_values
from store_app.catalog.models import Product
from store_app.core.file_names import dated_file_name
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin, session_cookie_header
from tests.e2e.conftest import LiveServer
from tests.utils.factories import make_product
from tests.utils.live_shop import live_session
from tests.utils.raw_event_socket import RawEventSocket


def _scarce_product(live_server: LiveServer) -> tuple[int, str]:
    name = f"Редкий кабель {uuid.uuid4().hex[:6]}"
    with live_session(live_server) as session:
        product = make_product(session, name=name, slug=f"rare-{uuid.uuid4().hex[:8]}", stock=2, price="990.00")
        session.commit()
        return product.id or 0, name


def _product(live_server: LiveServer, product_id: int) -> Product:
    with live_session(live_server) as session:
        product = session.get(Product, product_id)
        assert product is not None
        return product


def test_low_stock_link_opens_the_editor_and_a_bad_price_is_refused_then_a_good_one_saved(
    page: Page, live_server: LiveServer
) -> None:
    product_id, name = _scarce_product(live_server)
    log_in_as_admin(page)
    page.locator(f"#low-stock-{product_id}").click()
    expect(page.locator("#product-form-name")).to_have_value(name)

    page.locator("#product-form-price").fill("дорого")
    page.locator("#product-form-stock").fill("-3")
    page.locator("#product-form-save").click()
    expect(page.locator("#product-form-price-error")).to_have_text(t("catalog.error.price_format"))
    expect(page.locator("#product-form-stock-error")).to_have_text(t("catalog.error.stock_negative"))
    assert _product(live_server, product_id).price == Decimal("990.00")

    page.locator("#product-form-price").fill("1234,50")
    page.locator("#product-form-stock").fill("40")
    page.locator("#product-form-save").click()
    expect(page.locator("#products-notice")).to_have_text(t("admin.products.saved"))
    saved = _product(live_server, product_id)
    assert (saved.price, saved.stock, saved.name) == (Decimal("1234.50"), 40, name)


def test_a_shoppers_crafted_product_save_changes_nothing(live_server: LiveServer) -> None:
    product_id, name = _scarce_product(live_server)
    cookie = session_cookie_header(live_server, DEMO_SHOPPER["login"], DEMO_SHOPPER["password"])
    with RawEventSocket(live_server.url, headers={"Cookie": cookie}) as attacker:
        attacker.emit(f"{AdminProductsState.get_full_name()}.edit", {"product_id": product_id}, path="/admin/products")
        attacker.emit(
            f"{AdminProductsState.get_full_name()}.save",
            {"form_data": {"name": "взлом", "price": "1", "stock": "0"}},
            path="/admin/products",
        )
        attacker.emit(
            f"{AdminProductsState.get_full_name()}.delete", {"product_id": product_id}, path="/admin/products"
        )
        attacker.ping()
        assert attacker.updates
        assert name not in attacker.received_text()
    product = _product(live_server, product_id)
    assert (product.name, product.price, product.stock) == (name, Decimal("990.00"), 2)


def test_products_are_searched_and_paged(page: Page, live_server: LiveServer) -> None:
    product_id, name = _scarce_product(live_server)
    log_in_as_admin(page, next_path="/admin/products")
    expect(page.locator("#products-page")).to_contain_text("1 /")
    page.locator("#products-next").click()
    expect(page.locator("#products-page")).to_contain_text("2 /")
    page.locator("#products-prev").click()
    expect(page.locator("#products-page")).to_contain_text("1 /")
    page.locator("#products-search-text").fill(name.split()[-1])
    page.locator("#products-search").click()
    expect(page.locator("#products-table tbody tr")).to_have_count(1)
    expect(page.locator(f"#product-row-{product_id}")).to_contain_text(name)


def test_the_searched_products_download_as_csv(page: Page, live_server: LiveServer) -> None:
    product_id, name = _scarce_product(live_server)
    log_in_as_admin(page, next_path="/admin/products")
    page.locator("#products-search-text").fill(name.split()[-1])
    page.locator("#products-search").click()
    expect(page.locator("#products-table tbody tr")).to_have_count(1)
    with page.expect_download() as info:
        page.locator("#products-export").click()
    assert info.value.suggested_filename == dated_file_name("products")
    with open(info.value.path(), encoding="utf-8-sig") as file:
        table = list(csv.reader(file))
    assert table[0][:2] == ["id", "name"]
    assert [(row[0], row[1]) for row in table[1:]] == [(str(product_id), name)]


def test_deleting_a_product_asks_first_and_an_empty_search_says_nothing_found(
    page: Page, live_server: LiveServer
) -> None:
    product_id, name = _scarce_product(live_server)
    log_in_as_admin(page, next_path="/admin/products")
    page.locator("#products-search-text").fill(name.split()[-1])
    page.locator("#products-search").click()
    expect(page.locator("#products-table tbody tr")).to_have_count(1)
    page.locator(f"#product-delete-{product_id}").click()
    expect(page.get_by_role("alertdialog")).to_contain_text(name)
    page.locator(f"#product-delete-cancel-{product_id}").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    assert _product(live_server, product_id).name == name

    page.locator(f"#product-delete-{product_id}").click()
    page.locator(f"#product-delete-confirm-{product_id}").click()
    expect(page.locator("#products-table tbody tr")).to_have_count(0)
    expect(page.locator("#products-table-empty")).to_have_text(t("admin.nothing_found"))
    with live_session(live_server) as session:
        assert session.get(Product, product_id) is None


def _category_of(live_server: LiveServer, code: str) -> int:
    with live_session(live_server) as session:
        category_id = session.exec(select(Attribute.category_id).where(col(Attribute.code) == code)).one()
        assert category_id is not None
        return category_id


def test_ticking_a_category_shows_its_specifications_before_saving(page: Page, live_server: LiveServer) -> None:
    phones, tvs = _category_of(live_server, "phone_screen"), _category_of(live_server, "tv_screen")
    name = f"Смартфон Галочка {uuid.uuid4().hex[:6]}"
    log_in_as_admin(page, next_path="/admin/products")
    page.locator("#products-add").click()
    expect(page.locator("#product-form-attr-brand")).to_be_visible()
    expect(page.locator("#product-form-attr-phone_screen")).to_have_count(0)

    page.locator(f"#product-category-{phones}").check()
    expect(page.locator("#product-form-attr-phone_screen")).to_be_visible()
    page.locator("#product-form-attr-phone_screen").fill("6,1")
    page.locator(f"#product-category-{tvs}").check()
    expect(page.locator("#product-form-attr-tv_screen")).to_be_visible()
    expect(page.locator("#product-form-attr-phone_screen")).to_have_value("6,1")  # what was typed stays put
    page.locator(f"#product-category-{tvs}").uncheck()
    expect(page.locator("#product-form-attr-tv_screen")).to_have_count(0)
    expect(page.locator("#product-form-attr-phone_screen")).to_have_value("6,1")

    page.locator("#product-form-name").fill(name)
    page.locator("#product-form-price").fill("19990")
    page.locator("#product-form-save").click()
    expect(page.locator("#products-notice")).to_have_text(t("admin.products.saved"))
    with live_session(live_server) as session:
        product = session.exec(select(Product).where(col(Product.name) == name)).one()
        assert product_values(session, product.id or 0) == {"phone_screen": "6.1"}
