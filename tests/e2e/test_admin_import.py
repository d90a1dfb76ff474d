"""Product CSV import from /admin/import (SPEC D3): the preview lists bad rows and writes nothing;
confirming writes the good rows."""

from __future__ import annotations

import uuid
from decimal import Decimal

from playwright.sync_api import Page, expect
from sqlmodel import select

from store_app.catalog.models import Product
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin
from tests.cart.live_shop import live_session
from tests.e2e.conftest import LiveServer


def _products_named(live_server: LiveServer, name: str) -> list[Product]:
    with live_session(live_server) as session:
        return list(session.exec(select(Product).where(Product.name == name)))


def test_the_preview_lists_bad_rows_and_only_confirming_writes(page: Page, live_server: LiveServer) -> None:
    good_name = f"Импортный кабель {uuid.uuid4().hex[:6]}"
    text = f"name,price,stock\n{good_name},1490.00,12\nБез цены,,3\nОтрицательный,100,-2\n"
    log_in_as_admin(page, next_path="/admin/import")
    page.locator("#product-import input[type=file]").set_input_files(
        files=[{"name": "products.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )
    expect(page.locator("#import-summary")).to_contain_text("1 / 2")
    rows = page.locator(".import-bad-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("3")
    expect(rows.nth(1)).to_contain_text(t("catalog.error.stock_negative"))
    assert _products_named(live_server, good_name) == []

    page.locator("#import-confirm").click()
    expect(page.locator("#import-notice")).to_have_text(t("admin.import.written", count=1))
    [product] = _products_named(live_server, good_name)
    assert (product.price, product.stock) == (Decimal("1490.00"), 12)
