"""The shop's own words in English in Chromium (SPEC H7): after the switch to EN the catalog's categories,
heading, breadcrumbs and filter panel and the product page's specifications show the English names staff
gave (the demo data has them), back in Russian after the switch back; staff give them beside the Russian
ones in /admin/categories and /admin/attributes, with the error under the field."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from store_app.catalog.attribute_models import Attribute
from store_app.catalog.models import Category, Product
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin
from tests.e2e.conftest import LiveServer
from tests.e2e.views import open_page
from tests.utils.live_shop import live_session

PHONE = "Смартфон Apple iPhone 15 128 ГБ"


def _switch(page: Page, lang: str) -> None:
    page.locator(f"#lang-{lang}").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_an_english_reader_sees_the_english_category_and_specification_names(
    page: Page, live_server: LiveServer
) -> None:
    with live_session(live_server) as session:
        product = session.exec(select(Product).where(col(Product.name) == PHONE)).one()
    open_page(page, "/catalog?category=smartphones")
    expect(page.locator("#catalog-heading")).to_have_text("Смартфоны")
    expect(page.locator("#facet-brand")).to_have_text("Бренд")

    _switch(page, "en")
    expect(page.locator("#catalog-heading")).to_have_text("Smartphones")
    expect(page.locator("#breadcrumbs")).to_contain_text("Smartphones & gadgets")
    expect(page.locator("#category-tree")).to_contain_text("Laptops & computers")
    expect(page.locator("#facet-brand")).to_have_text("Brand")
    expect(page.locator("#facet-phone_storage")).to_have_text("Storage")
    expect(page.locator("#facet-phone_battery")).to_have_text("Battery capacity, mAh")
    expect(page.locator("#catalog-facets")).to_contain_text("128 GB")
    expect(page.locator("#catalog-facets")).to_contain_text("Black")
    for russian in ("Бренд", "Встроенная память", "ГБ", "Чёрный", "Смартфоны и гаджеты"):
        expect(page.locator("#catalog-filters")).not_to_contain_text(russian)

    open_page(page, f"/product/{product.slug}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#product-breadcrumbs")).to_contain_text("Smartphones")
    table = page.locator("#product-specs")
    expect(table.locator(".spec-group")).to_contain_text(["General", "Display", "Memory"])
    expect(table.locator(".spec-row").filter(has_text="Brand")).to_contain_text("Apple")
    expect(table.locator(".spec-row").filter(has_text="Storage")).to_contain_text("128 GB")
    expect(table.locator(".spec-row").filter(has_text="Battery capacity")).to_contain_text("mAh")
    expect(table).not_to_contain_text("Бренд")
    expect(page.locator("#product-name")).to_have_text(PHONE)  # a product's own name stays as entered

    _switch(page, "ru")
    expect(table.locator(".spec-group").first).to_have_text("Общие")
    expect(table.locator(".spec-row").filter(has_text="Встроенная память")).to_contain_text("128 ГБ")
    expect(page.locator("#product-breadcrumbs")).to_contain_text("Смартфоны и гаджеты")


def test_staff_give_english_names_beside_the_russian_ones(page: Page, live_server: LiveServer) -> None:
    name, english = f"Пробная {uuid.uuid4().hex[:6]}", f"Trial {uuid.uuid4().hex[:6]}"
    log_in_as_admin(page, next_path="/admin/categories")
    page.locator("#categories-add").click()
    page.locator("#category-form-name").fill(name)
    page.locator("#category-form-name-en").fill("x" * 121)
    page.locator("#category-form-save").click()
    expect(page.locator("#category-form-name-en-error")).to_have_text(t("catalog.error.category_name_en"))
    page.locator("#category-form-name-en").fill(english)
    page.locator("#category-form-save").click()
    expect(page.locator("#categories-notice")).to_have_text(t("admin.categories.saved"))
    with live_session(live_server) as session:
        created = session.exec(select(Category).where(col(Category.name) == name)).one()
        lenses = session.exec(select(Category).where(col(Category.slug) == "lenses")).one()
        zoom = session.exec(select(Attribute).where(col(Attribute.code) == "lens_mount")).one()
        lens = session.exec(select(Product).where(col(Product.name).contains("Объектив"))).first()
    assert created.name_en == english
    expect(page.locator(f"#category-row-{created.id}")).to_contain_text(english)

    open_page(page, f"/admin/attributes?category={lenses.id}")
    page.locator(f"#attribute-edit-{zoom.id}").click()
    expect(page.locator("#attribute-form-name-en")).to_have_value("Mount")
    page.locator("#attribute-form-name-en").fill("Lens mount")
    page.locator("#attribute-form-choices-en").fill("Canon RF\nSony E")  # two lines for four options
    page.locator("#attribute-form-save").click()
    expect(page.locator("#attribute-form-choices-en-error")).to_have_text(t("catalog.error.attribute_choices_en"))
    page.locator("#attribute-form-choices-en").fill("Canon RF mount\nSony E mount\nNikon Z mount\nFujifilm X mount")
    page.locator("#attribute-form-save").click()
    expect(page.locator("#attributes-notice")).to_have_text(t("admin.attributes.saved"))
    expect(page.locator("#attribute-row-lens_mount")).to_contain_text("Lens mount")

    assert lens is not None
    open_page(page, f"/product/{lens.slug}")
    _switch(page, "en")
    expect(page.locator("#product-specs .spec-row").filter(has_text="Lens mount")).to_contain_text(" mount")
    open_page(page, "/catalog")
    expect(page.locator("#category-tree")).to_contain_text(english)

    open_page(page, "/admin/categories")
    page.locator(f"#category-delete-{created.id}").click()
    page.locator(f"#category-delete-confirm-{created.id}").click()
    expect(page.locator(f"#category-row-{created.id}")).to_have_count(0)
