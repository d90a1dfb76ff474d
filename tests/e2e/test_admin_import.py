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
from tests.e2e.conftest import LiveServer
from tests.utils.live_shop import live_product, live_session


def _products_named(live_server: LiveServer, name: str) -> list[Product]:
    with live_session(live_server) as session:
        return list(session.exec(select(Product).where(Product.name == name)))


def test_the_preview_lists_bad_rows_and_only_confirming_writes(page: Page, live_server: LiveServer) -> None:
    good_name = f"Импортный кабель {uuid.uuid4().hex[:6]}"
    existing = live_product(live_server, name=f"Старый кабель {uuid.uuid4().hex[:6]}", stock=4, price="990.00")
    text = (
        "id,name,price,stock\n"
        f"{existing.id},{existing.name},990.00,9\n"
        f",{good_name},1490.00,12\n,Без цены,,3\n,Отрицательный,100,-2\n"
    )
    log_in_as_admin(page, next_path="/admin/import")
    page.locator("#product-import input[type=file]").set_input_files(
        files=[{"name": "products.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )
    # The summary in words, then what would be created and what changed, field by field (issue 17).
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text(f"{t('admin.import.summary_good')} 2")
    expect(summary).to_contain_text(f"{t('admin.import.summary_created')} 1")
    expect(summary).to_contain_text(f"{t('admin.import.summary_changed')} 1")
    expect(summary).to_contain_text(f"{t('admin.import.summary_bad')} 2")
    expect(page.locator(".import-created-row")).to_have_text([f"3{good_name}"])
    expect(page.locator(".import-changed-row")).to_have_text([f"2{existing.name}stock: 4 → 9"])
    rows = page.locator(".import-bad-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("4")
    expect(rows.nth(1)).to_contain_text(t("catalog.error.stock_negative"))
    assert _products_named(live_server, good_name) == []

    page.locator("#import-confirm").click()
    expect(page.locator("#import-notice")).to_have_text(t("admin.import.written", count=2))
    [product] = _products_named(live_server, good_name)
    assert (product.price, product.stock) == (Decimal("1490.00"), 12)
