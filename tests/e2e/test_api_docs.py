"""The API's Swagger UI works in a real browser on the real app: local assets, under the shop's CSP."""

from __future__ import annotations

from playwright.sync_api import Page


def test_swagger_ui_renders_every_operation_from_local_assets(page: Page) -> None:
    failed: list[str] = []
    page.on("console", lambda message: failed.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "store_app API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 20
    assert failed == []
