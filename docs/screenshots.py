"""Screenshots of the running shop for the README (SPEC issue 16): home, catalog and the admin dashboard.

Run against a shop with the demo data (`make run` in another terminal):
    .venv/bin/python -m docs.screenshots http://localhost:3000
It logs in as the demo admin (README "Demo accounts") for the dashboard and writes the PNG files
into docs/screenshots/, which the README shows; re-run it after changing a page so they stay current.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from store_app.accounts.demo_accounts import DEMO_ADMIN

OUT_DIR = Path(__file__).parent / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 900}
TIMEOUT_MS = 30_000

# (file name, path, the element whose presence means the page has its data, not its skeleton)
PUBLIC_SHOTS = (("home.png", "/", "#home-sections"), ("catalog.png", "/catalog", "#found-count"))
ADMIN_SHOTS = (("admin-dashboard.png", "/admin", "#admin-low-stock"),)


def _shoot(page: Page, path: str, ready: str, target: Path) -> None:
    page.goto(path)
    expect(page.locator(ready)).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(target))


def _log_in_as_admin(page: Page) -> None:
    page.goto("/login?next=/admin")
    page.locator("#login-identifier").fill(DEMO_ADMIN["login"])
    page.locator("#login-password").fill(DEMO_ADMIN["password"])
    page.locator("#login-submit").click()
    expect(page.locator("#nav-admin")).to_be_visible(timeout=TIMEOUT_MS)


def take_screenshots(browser: Browser, base_url: str, out_dir: Path = OUT_DIR) -> list[Path]:
    """Write every screenshot into `out_dir` (made if missing); returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="ru-RU")
    written = []
    try:
        page = context.new_page()
        for name, path, ready in PUBLIC_SHOTS:
            _shoot(page, path, ready, out_dir / name)
            written.append(out_dir / name)
        _log_in_as_admin(page)
        for name, path, ready in ADMIN_SHOTS:
            _shoot(page, path, ready, out_dir / name)
            written.append(out_dir / name)
    finally:
        context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the running shop, e.g. http://localhost:3000")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for path in take_screenshots(browser, args.url.rstrip("/"), args.out):
                print(path)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
