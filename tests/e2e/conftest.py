"""Browser-test harness: the real shops of the session (`tests/e2e/shop_servers.py`: each built and started
once, on a free port with a temporary database, in the background while the unit tests run), a loopback SMTP
server, and Debian's Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from store_app.core.settings import PROJECT_ROOT
from tests.e2e.shop_servers import LiveServer, ShopPool, shops_needed
from tests.utils.mailbox import Mailbox

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# The machine is shared: under load a page can take more than Playwright's 5 s to fill in.
expect.set_options(timeout=15_000)

POOL = pytest.StashKey[ShopPool]()


def _pool(config: pytest.Config) -> ShopPool:
    if POOL not in config.stash:
        config.stash[POOL] = ShopPool(
            mailbox=Mailbox().start(),
            environ=dict(os.environ),
            # What the `tmp_path_factory` fixture hands out (kept after the run like every test's folder).
            make_dir=config._tmp_path_factory.mktemp,  # type: ignore[attr-defined]
        )
    return config.stash[POOL]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the shops the collected browser tests use now, while the unit tests (sorted first) run."""
    if session.config.option.collectonly:
        return
    names = shops_needed(getattr(item, "fixturenames", ()) for item in session.items)
    if names:
        _pool(session.config).prestart(names)


def pytest_sessionfinish(session: pytest.Session) -> None:
    pool = session.config.stash.get(POOL, None)
    if pool is not None:
        pool.close()
        pool.mailbox.stop()


@pytest.fixture(scope="session")
def shop_pool(request: pytest.FixtureRequest) -> ShopPool:
    return _pool(request.config)


@pytest.fixture(scope="session")
def mailbox(shop_pool: ShopPool) -> Mailbox:
    """The loopback SMTP server every live shop of the session sends its mail to."""
    return shop_pool.mailbox


@pytest.fixture(scope="session")
def live_server(shop_pool: ShopPool) -> LiveServer:
    """The shop with default settings, shared by the whole test session."""
    return shop_pool.get("live_server")


@pytest.fixture(scope="session")
def short_lived_server(shop_pool: ShopPool) -> LiveServer:
    """A second shop whose access tokens live `SHORT_ACCESS_SECONDS` (on the first one's frontend build)."""
    return shop_pool.get("short_lived_server")


@pytest.fixture(scope="session")
def redis_live_server(shop_pool: ShopPool) -> LiveServer:
    """A shop keeping its tab states in Redis (`env["REDIS_URL"]`, a database number of its own)."""
    return shop_pool.get("redis_live_server")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        # The tests read the shop in Russian, its default: a browser asks for it (Accept-Language) unless a
        # test gives another locale (the first visit is offered the browser's language).
        new_context = instance.new_context
        instance.new_context = lambda **options: new_context(**{"locale": "ru-RU", **options})  # type: ignore[method-assign]
        yield instance
        instance.close()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.browser)
