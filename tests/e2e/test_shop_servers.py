"""The session's live shops: the ones that reuse the default shop's frontend build talk to their own backend."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import LiveServer
from tests.e2e.shop_servers import BUILT_PAGES, reuse_frontend
from tests.e2e.views import open_page

OLD, NEW = "http://localhost:41001", "http://localhost:52002"


def _web_folder(root: Path) -> Path:
    """A web folder as a build leaves it: env.json, a script chunk with its compressed copies, a sitemap."""
    (root / BUILT_PAGES / "assets").mkdir(parents=True)
    (root / "node_modules").mkdir()
    (root / "env.json").write_text('{"EVENT": "ws://localhost:41001/_event", "PING": "http://localhost:41001/ping"}')
    chunk = root / BUILT_PAGES / "assets" / "reflex-env-abc123.js"
    chunk.write_text('const e={EVENT:"ws://localhost:41001/_event"};export{e};' + " " * 300)
    (chunk.parent / (chunk.name + ".gz")).write_bytes(gzip.compress(chunk.read_bytes()))
    (chunk.parent / (chunk.name + ".br")).write_bytes(b"old brotli")
    (root / BUILT_PAGES / "sitemap.xml").write_text("<loc>http://localhost:41001/catalog</loc>")
    (root / BUILT_PAGES / "other.js").write_text("console.log('no address here: localhost:410010')")
    return root


def test_a_reused_frontend_names_the_new_backend_everywhere(tmp_path: Path) -> None:
    source = _web_folder(tmp_path / "source")
    target = tmp_path / "target"
    rewritten = reuse_frontend(source, target, old_url=OLD, new_url=NEW)
    chunk = target / BUILT_PAGES / "assets" / "reflex-env-abc123.js"
    assert sorted(path.name for path in rewritten) == ["env.json", chunk.name, "sitemap.xml"]
    assert "ws://localhost:52002/_event" in chunk.read_text()
    assert gzip.decompress((chunk.parent / (chunk.name + ".gz")).read_bytes()) == chunk.read_bytes()
    assert not (chunk.parent / (chunk.name + ".br")).exists(), "a stale compressed copy would name the old port"
    assert "http://localhost:52002/catalog" in (target / BUILT_PAGES / "sitemap.xml").read_text()
    assert (target / "node_modules").is_symlink()
    for path in (target / BUILT_PAGES).rglob("*"):
        if path.is_file() and path.suffix != ".gz":
            assert b"//localhost:41001" not in path.read_bytes(), path
    assert "ws://localhost:41001/_event" in (source / BUILT_PAGES / "assets" / chunk.name).read_text()


@pytest.mark.parametrize("shop", ["live_server", "short_lived_server", "redis_live_server"])
def test_each_shops_page_opens_its_event_socket_to_its_own_backend(
    browser: Browser, shop: str, request: pytest.FixtureRequest
) -> None:
    server: LiveServer = request.getfixturevalue(shop)
    context = browser.new_context(base_url=server.url)
    try:
        page = context.new_page()
        sockets: list[str] = []
        page.on("websocket", lambda socket: sockets.append(socket.url))
        open_page(page, "/")
        assert sockets, "the page opened no event socket"
        assert {urlsplit(url).netloc for url in sockets} == {urlsplit(server.url).netloc}, sockets
    finally:
        context.close()
