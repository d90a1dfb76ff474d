"""Specifications in Chromium: facets on /catalog narrow and widen with counts (all in the URL), the
product page's specifications table and gallery, and staff editing attributes, values and pictures."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from store_app.catalog.attribute_models import Attribute
from store_app.catalog.attributes import product_values
from store_app.catalog.facets import facet_counts
from store_app.catalog.models import Product
from store_app.catalog.pictures import gallery, gallery_paths
from store_app.catalog.query import ProductQuery
from store_app.catalog.search_service import search_products
from store_app.catalog.service import ProductInput, create_product
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin
from tests.e2e.cabinet_flow import make_account
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import log_in
from tests.e2e.views import open_page
from tests.utils import images
from tests.utils.live_shop import live_session


def _truth(live_server: LiveServer, url: str) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and the facet counts the live database gives for the view at `url`."""
    params = {name: values[-1] for name, values in parse_qs(urlsplit(url).query).items()}
    query = ProductQuery.from_params(params)
    with live_session(live_server) as session:
        total = search_products(session=session, query=query).total
        facets = facet_counts(session=session, query=query)
    return total, {facet.code: {v.label: v.count for v in facet.values} for facet in facets}


def _brand_link(page: Page, label: str):  # type: ignore[no-untyped-def]
    return page.locator("#catalog-facets .facet-choice").filter(has_text=re.compile(rf"^{re.escape(label)}\s*\d+$"))


def _shows(page: Page, live_server: LiveServer) -> dict[str, dict[str, int]]:
    total, facets = _truth(live_server, page.url)
    expect(page.locator("#found-count")).to_have_text(t("catalog.found", count=total))
    for label, count in facets["brand"].items():
        expect(_brand_link(page, label).locator(".facet-count")).to_have_text(str(count))
    return facets


def test_facets_narrow_widen_and_live_in_the_url(page: Page, live_server: LiveServer) -> None:
    page.goto("/catalog?category=tv")
    everything = _shows(page, live_server)
    assert everything["brand"]["Samsung"] >= 2 and everything["brand"]["LG"] >= 2

    _brand_link(page, "Samsung").click()
    expect(page).to_have_url(re.compile(r"f\.brand=Samsung"))
    narrowed = _shows(page, live_server)
    assert narrowed["brand"]["LG"] == everything["brand"]["LG"]  # the other brands stay, with their counts
    expect(_brand_link(page, "Samsung")).to_have_attribute("aria-current", "true")
    samsung_only = _truth(live_server, page.url)[0]

    _brand_link(page, "LG").click()  # widen the choice
    expect(page).to_have_url(re.compile(r"f\.brand=Samsung%2CLG"))
    _shows(page, live_server)
    assert _truth(live_server, page.url)[0] > samsung_only

    page.locator("#facet-tv_screen-low").fill("60")
    page.locator("#facet-tv_screen-apply").click()
    expect(page).to_have_url(re.compile(r"f\.tv_screen=60\.\."))
    ranged = _shows(page, live_server)
    assert sum(ranged["tv_panel"].values()) == _truth(live_server, page.url)[0]

    page.reload()  # the URL alone gives the same view
    _shows(page, live_server)
    expect(page.locator("#facet-tv_screen-low")).to_have_value("60")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"tv_screen"))
    _shows(page, live_server)
    page.locator("#facet-brand-reset").click()
    expect(page).not_to_have_url(re.compile(r"f\.brand"))
    _shows(page, live_server)


def test_the_product_page_shows_specifications_grouped_and_a_gallery(page: Page, live_server: LiveServer) -> None:
    with live_session(live_server) as session:
        product = session.exec(select(Product).where(col(Product.name) == "Смартфон Apple iPhone 15 128 ГБ")).one()
        pictures = gallery_paths(session, product)
        values = product_values(session, product.id or 0)
    assert len(pictures) == 3
    page.goto(f"/product/{product.slug}")
    table = page.locator("#product-specs")
    expect(table.locator(".spec-group").first).to_have_text("Общие")
    expect(table.locator(".spec-group")).to_contain_text(["Общие", "Экран", "Память"])
    expect(table.locator(".spec-row").filter(has_text="Бренд")).to_contain_text("Apple")
    expect(table.locator(".spec-row").filter(has_text="Встроенная память")).to_contain_text("128 ГБ")
    screen = values["phone_screen"].replace(".", ",")
    expect(table.locator(".spec-row").filter(has_text="Диагональ экрана")).to_contain_text(f"{screen} ″")

    image = page.locator("#product-image")
    expect(image).to_have_attribute("src", pictures[0])
    thumbnails = page.locator("#product-thumbnails .product-thumbnail")
    expect(thumbnails).to_have_count(3)
    thumbnails.nth(2).click()
    expect(image).to_have_attribute("src", pictures[2])
    expect(thumbnails.nth(2)).to_have_attribute("aria-pressed", "true")


def test_staff_edit_attributes_values_and_pictures(page: Page, live_server: LiveServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = f"phone_5g_{uuid.uuid4().hex[:4]}"
    with live_session(live_server) as session:
        phones = session.exec(select(Attribute).where(col(Attribute.code) == "phone_screen")).one().category_id
        data = ProductInput(
            name=f"Смартфон Тест {code}", price="1000", slug=code.replace("_", "-"), stock=3, category_ids=[phones]
        )
        product = create_product(session=session, data=data)
        session.commit()
        product_id = product.id or 0

    log_in_as_admin(page, next_path=f"/admin/attributes?category={phones}")
    expect(page.locator("#attribute-row-phone_screen")).to_be_visible()
    expect(page.locator("#attribute-row-brand")).to_contain_text(t("admin.attributes.every_product"))
    page.locator("#attributes-add").click()
    page.locator("#attribute-form-code").fill("Плохой код")
    page.locator("#attribute-form-save").click()
    expect(page.locator("#attribute-form-code-error")).to_have_text(t("catalog.error.attribute_code"))
    expect(page.locator("#attribute-form-name-error")).to_have_text(t("catalog.error.attribute_name"))
    page.locator("#attribute-form-code").fill(code)
    page.locator("#attribute-form-name").fill("Поддержка 5G")
    page.locator("#attribute-form-kind").select_option("flag")
    page.locator("#attribute-form-group").fill("Связь")
    page.locator("#attribute-form-save").click()
    expect(page.locator("#attributes-notice")).to_have_text(t("admin.attributes.saved"))
    expect(page.locator(f"#attribute-row-{code}")).to_contain_text("Поддержка 5G")

    open_page(page, f"/admin/products?edit={product_id}")
    page.locator("#product-form-attr-phone_screen").fill("большой")
    page.locator(f"#product-form-attr-{code}").select_option("1")
    page.locator("#product-form-price").fill("999,999")
    page.locator("#product-form-save").click()
    expect(page.locator("#product-form-attr-phone_screen-error")).to_have_text(t("catalog.error.attribute_number"))
    expect(page.locator("#product-form-price-error")).to_have_text(t("catalog.error.price_cents"))
    with live_session(live_server) as session:
        assert product_values(session, product_id) == {}  # nothing half-written

    page.locator("#product-form-attr-phone_screen").fill("6,3")
    page.locator("#product-form-price").fill("999,90")
    page.locator("#product-form-save").click()
    expect(page.locator("#products-notice")).to_have_text(t("admin.products.saved"))
    with live_session(live_server) as session:
        assert product_values(session, product_id) == {"phone_screen": "6.3", code: "1"}

    open_page(page, f"/admin/products?edit={product_id}")
    front, back = tmp_path / "front.png", tmp_path / "back.jpg"
    front.write_bytes(images.picture("PNG"))
    back.write_bytes(images.picture("JPEG", size=(300, 300)))
    page.locator("#product-pictures-upload input[type=file]").set_input_files([str(front), str(back)])
    expect(page.locator("#product-pictures .admin-picture")).to_have_count(2)
    second = page.locator("#product-pictures [id^='picture-main-']")
    expect(second).to_have_count(1)
    second_id = second.get_attribute("id") or ""
    second.click()
    # The chosen one is first now, with the "main" badge instead of its button.
    expect(page.locator(f"#{second_id}")).to_have_count(0)
    expect(page.locator("#product-pictures .admin-picture").first.locator(".picture-main")).to_be_visible()
    with live_session(live_server) as session:
        stored = session.get(Product, product_id)
        assert stored is not None
        paths = gallery_paths(session, stored)
        assert gallery(session, product_id)[0].id == int(second_id.rsplit("-", 1)[1])
        assert stored.image == paths[0] and stored.image.startswith("/media/products/")
    page.goto(f"/product/{code.replace('_', '-')}")
    expect(page.locator("#product-image")).to_have_attribute("src", paths[0])
    expect(page.locator("#product-thumbnails .product-thumbnail")).to_have_count(2)


def test_suggestions_under_the_search_box_and_words_found_inside_words(page: Page, live_server: LiveServer) -> None:
    open_page(page, "/catalog")  # the load re-mounts the search box: keys typed before it are lost
    box = page.locator("#search-input")
    box.press_sequentially("фон", delay=60)
    with live_session(live_server) as session:
        found = search_products(session=session, query=ProductQuery.from_params({"q": "фон", "size": "6"}))
    assert found.inside and found.items
    suggestions = page.locator("#search-suggestions .search-suggestion")
    expect(suggestions).to_have_count(len(found.items))
    expect(suggestions.first).to_contain_text(found.items[0].name)
    suggestions.first.click()
    expect(page).to_have_url(re.compile(rf"/product/{re.escape(found.items[0].slug)}$"))
    expect(page.locator("#product-name")).to_have_text(found.items[0].name)

    open_page(page, "/catalog")
    page.locator("#search-input").fill("фон")
    page.locator("#search-input").press("Enter")
    expect(page).to_have_url(re.compile(r"q=%D1%84%D0%BE%D0%BD"))
    expect(page.locator("#found-count")).to_have_text(t("catalog.found", count=found.total))
    expect(page.locator("#search-suggestions")).to_have_count(0)


def _tv(live_server: LiveServer, name_start: str) -> Product:
    with live_session(live_server) as session:
        return session.exec(select(Product).where(col(Product.name).startswith(name_start))).first()


def test_a_guest_compares_and_keeps_favourites_which_join_the_account_at_login(
    page: Page, live_server: LiveServer
) -> None:
    first, second = _tv(live_server, "Телевизор Samsung UE55"), _tv(live_server, "Телевизор LG OLED55")
    phone = _tv(live_server, "Смартфон Apple iPhone 15 128")
    # Each product page is waited for: until its load the tab shows the last product, whose buttons they are.
    open_page(page, f"/product/{first.slug}")
    page.locator("#product-compare").click()
    expect(page.locator("#product-compare")).to_have_attribute("aria-pressed", "true")
    page.locator("#product-favourite").click()
    expect(page.locator("#product-favourite")).to_have_attribute("aria-pressed", "true")
    open_page(page, f"/product/{second.slug}")
    page.locator("#product-compare").click()
    expect(page.locator("#product-compare")).to_have_attribute("aria-pressed", "true")
    open_page(page, f"/product/{phone.slug}")
    page.locator("#product-compare").click()  # another category: refused, with the reason
    expect(page.locator(".compare-refusal")).to_have_text(t("compare.error.category"))
    expect(page.locator("#product-compare")).to_have_attribute("aria-pressed", "false")

    page.locator("#product-compare-link").click()
    expect(page).to_have_url(re.compile(r"/compare$"))
    table = page.locator("#compare-table")
    expect(table.locator("thead a")).to_have_text([first.name, second.name])
    panel = table.locator(".compare-row").filter(has_text="Тип матрицы")
    expect(panel).to_have_class(re.compile("compare-differs"))  # LED against OLED
    expect(panel.locator("td")).to_have_text(["LED", "OLED"])
    page.locator("#compare-only-differences").click()
    expect(table.locator(".compare-row:not(.compare-differs)")).to_have_count(0)
    page.locator(f"#compare-remove-{second.id}").click()
    expect(table.locator("thead a")).to_have_text([first.name])

    page.goto("/favourites")
    expect(page.locator("#favourites-grid .product-card-name")).to_have_text([first.name])
    log_in(page, make_account(live_server, confirmed=True), next_path="/favourites")
    expect(page.locator("#favourites-grid .product-card-name")).to_have_text([first.name])
    page.locator(f"#favourites-grid-favourite-{first.slug}").click()
    expect(page.locator("#favourites-grid")).to_have_count(0)
    expect(page.locator("#favourites-empty")).to_be_visible()
