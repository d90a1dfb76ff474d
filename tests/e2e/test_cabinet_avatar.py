"""Avatar upload in the cabinet (SPEC A6, H6): a good picture shows in the cabinet and the navbar;
each bad file gets a clear message under the field and nothing is stored."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from store_app.core.i18n import t
from tests.e2e.cabinet_flow import account, make_account
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import log_in
from tests.e2e.views import ready
from tests.utils import images


def _upload(page: Page, name: str, mime: str, data: bytes) -> None:
    page.locator("#cabinet-avatar input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def _image(page: Page, element_id: str) -> Locator:
    """The <img> of a Radix avatar (the id may sit on the image itself or on its wrapper)."""
    return page.locator(f"#{element_id}").locator("xpath=descendant-or-self::img")


def _stored(live_server: LiveServer) -> set[str]:
    folder = Path(live_server.data_dir) / "media" / "avatars"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def _cabinet(page: Page, live_server: LiveServer) -> str:
    login = make_account(live_server)
    log_in(page, login, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    ready(page)  # the avatar card's on_load has run: it would clear a notice or error that came before it
    return login


def test_a_picture_becomes_the_avatar_in_the_cabinet_and_the_navbar(page: Page, live_server: LiveServer) -> None:
    login = _cabinet(page, live_server)
    _upload(page, "me.jpg", "image/jpeg", images.picture("JPEG", (900, 600), exif_note="GPS 55.75N"))
    expect(page.locator("#cabinet-avatar-notice")).to_have_text(t("cabinet.avatar.saved"))
    stored_name = account(live_server, login)[1].avatar_path
    assert stored_name in _stored(live_server)
    expect(_image(page, "cabinet-avatar-image")).to_have_attribute("src", f"/media/avatars/{stored_name}")
    expect(_image(page, "nav-avatar")).to_have_attribute("src", f"/media/avatars/{stored_name}")

    with urllib.request.urlopen(f"{live_server.url}/media/avatars/{stored_name}", timeout=10) as response:
        assert response.headers["Content-Type"] == "image/webp"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert b"GPS" not in response.read()

    page.reload()
    ready(page)
    expect(_image(page, "nav-avatar")).to_have_attribute("src", f"/media/avatars/{stored_name}")
    page.locator("#cabinet-avatar-remove").click()
    expect(page.locator("#cabinet-avatar-notice")).to_have_text(t("cabinet.avatar.removed"))
    expect(_image(page, "nav-avatar")).to_have_count(0)
    assert stored_name not in _stored(live_server)


BAD_FILES: list[tuple[str, str, str, Callable[[], bytes], str]] = [
    ("too big", "big.jpg", "image/jpeg", lambda: images.over_two_megabytes(), t("avatar.error.too_big", mb=2)),
    ("wrong type", "anim.gif", "image/gif", images.gif, t("avatar.error.type")),
    ("gif named png", "anim.png", "image/png", images.gif, t("avatar.error.type")),
    ("png header then html", "me.png", "image/png", images.png_header_then_html, t("avatar.error.type")),
    ("decompression bomb", "bomb.png", "image/png", images.decompression_bomb, t("avatar.error.pixels", side=4096)),
    ("empty file", "empty.png", "image/png", lambda: b"", t("avatar.error.empty")),
    ("path in the name", "photos/me.png", "image/png", lambda: images.picture("PNG"), t("avatar.error.name")),
]


@pytest.mark.parametrize(("case", "name", "mime", "make", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_each_bad_file_gets_a_clear_message_and_nothing_is_stored(
    page: Page, live_server: LiveServer, case: str, name: str, mime: str, make: Callable[[], bytes], message: str
) -> None:
    login = _cabinet(page, live_server)
    before = _stored(live_server)
    _upload(page, name, mime, make())
    expect(page.locator("#cabinet-avatar-error")).to_have_text(message)
    expect(page.locator("#cabinet-avatar-notice")).to_have_count(0)
    assert _stored(live_server) == before
    assert account(live_server, login)[1].avatar_path == ""
