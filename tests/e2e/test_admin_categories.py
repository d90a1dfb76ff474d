"""Staff manage the category tree from /admin/categories through the catalog service (SPEC D2)."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from store_app.accounts.demo_accounts import DEMO_SHOPPER
from store_app.admin.categories_page import AdminCategoriesState
from store_app.catalog.models import Category, Product, ProductCategory
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin, session_cookie_header
from tests.e2e.conftest import LiveServer
from tests.utils.live_shop import live_session
from tests.utils.raw_event_socket import RawEventSocket


def _category(live_server: LiveServer, name: str) -> Category | None:
    with live_session(live_server) as session:
        return session.exec(select(Category).where(Category.name == name)).first()


def test_staff_add_a_category_after_a_refused_empty_name_then_remove_it(page: Page, live_server: LiveServer) -> None:
    name = f"Пробная {uuid.uuid4().hex[:6]}"
    log_in_as_admin(page, next_path="/admin/categories")
    page.locator("#categories-add").click()
    page.locator("#category-form-position").fill("x")
    page.locator("#category-form-save").click()
    expect(page.locator("#category-form-position-error")).to_have_text(t("admin.categories.error.position"))

    page.locator("#category-form-position").fill("5")
    page.locator("#category-form-save").click()
    expect(page.locator("#category-form-name-error")).to_have_text(t("catalog.error.category_name"))

    page.locator("#category-form-name").fill(name)
    page.locator("#category-form-save").click()
    expect(page.locator("#categories-notice")).to_have_text(t("admin.categories.saved"))
    created = _category(live_server, name)
    assert created is not None and created.position == 5 and created.parent_id is None
    expect(page.locator(f"#category-row-{created.id}")).to_contain_text(name)

    page.locator(f"#category-delete-{created.id}").click()
    page.locator(f"#category-delete-confirm-{created.id}").click()
    expect(page.locator("#categories-notice")).to_have_text(t("admin.categories.deleted"))
    expect(page.locator(f"#category-row-{created.id}")).to_have_count(0)
    assert _category(live_server, name) is None


def test_a_shoppers_crafted_category_delete_changes_nothing(live_server: LiveServer) -> None:
    with live_session(live_server) as session:
        category = session.exec(select(Category)).first()
    assert category is not None
    cookie = session_cookie_header(live_server, DEMO_SHOPPER["login"], DEMO_SHOPPER["password"])
    with RawEventSocket(live_server.url, headers={"Cookie": cookie}) as attacker:
        name = AdminCategoriesState.get_full_name()
        attacker.emit(f"{name}.delete", {"category_id": category.id}, path="/admin/categories")
        attacker.emit(f"{name}.save", {"form_data": {"name": "взлом", "position": "0"}}, path="/admin/categories")
        attacker.ping()
        assert attacker.updates
    assert _category(live_server, category.name) is not None
    assert _category(live_server, "взлом") is None


def test_the_category_lists_are_indented_trees_with_a_filter_and_ticked_ones_first(
    page: Page, live_server: LiveServer
) -> None:
    with live_session(live_server) as session:
        phones = session.exec(select(Category).where(Category.slug == "smartphones")).one()
        headphones = session.exec(select(Category).where(Category.slug == "headphones")).one()
        product = session.exec(
            select(Product)
            .join(ProductCategory, ProductCategory.product_id == Product.id)  # type: ignore[arg-type]
            .where(ProductCategory.category_id == headphones.id)
        ).first()
        assert product is not None
    log_in_as_admin(page, next_path="/admin/categories")
    page.locator("#categories-add").click()
    parent = page.locator("#category-form-parent-id")
    assert parent.locator(f"option[value='{phones.id}']").inner_text().endswith("└ Смартфоны")
    page.locator("#category-form-parent-id-filter").fill("наушн")
    expect(parent.locator(f"option[value='{phones.id}']")).to_have_attribute("hidden", "")
    expect(parent.locator(f"option[value='{headphones.id}']")).not_to_have_attribute("hidden", "")

    page.goto(f"/admin/products?edit={product.id}")
    first = page.locator("#product-categories .product-category-choice").first
    expect(first).to_contain_text("Аудио › Наушники")
    expect(first.locator("input")).to_be_checked()
    phones_choice = page.locator(f"label:has(#product-category-{phones.id})")
    expect(phones_choice).to_have_css("padding-left", "18px")
    page.locator("#product-category-filter").fill("смартф")
    expect(first).to_be_hidden()
    expect(phones_choice).to_be_visible()
