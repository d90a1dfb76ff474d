"""The README's screenshots come from the running shop: the script makes every one of them from the live
server, each a full-size picture of a loaded page (not a blank or a skeleton), and the README shows them all."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageStat
from playwright.sync_api import Browser

from docs.screenshots import ADMIN_SHOTS, OUT_DIR, PUBLIC_SHOTS, VIEWPORT, take_screenshots
from tests.e2e.conftest import LiveServer

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_script_shoots_every_page_of_the_readme(browser: Browser, live_server: LiveServer, tmp_path: Path) -> None:
    written = take_screenshots(browser, live_server.url, tmp_path)
    names = [name for name, _, _ in (*PUBLIC_SHOTS, *ADMIN_SHOTS)]
    assert [path.name for path in written] == names
    for path in written:
        with Image.open(path) as picture:
            assert picture.size == (VIEWPORT["width"], VIEWPORT["height"])
            # A page with text and pictures: its pixels vary (a blank or one-colour page has stddev ~0).
            assert max(ImageStat.Stat(picture.convert("L")).stddev) > 10, path.name


def test_the_readme_shows_every_screenshot_and_each_is_committed() -> None:
    readme = README.read_text(encoding="utf-8")
    for name, _, _ in (*PUBLIC_SHOTS, *ADMIN_SHOTS):
        assert f"docs/screenshots/{name}" in readme, name
        assert (OUT_DIR / name).is_file(), name
