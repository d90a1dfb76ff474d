"""Browser-test harness: the real shop, built and started once per test session on a free
port with a temporary database and a loopback SMTP server, driven by Debian's Chromium."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from store_app.core.settings import PROJECT_ROOT
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
START_TIMEOUT = 900
# The machine is shared: under load a page can take more than Playwright's 5 s to fill in.
expect.set_options(timeout=15_000)


@dataclasses.dataclass
class LiveServer:
    url: str
    data_dir: Path
    db_url: str
    env: dict[str, str]
    log_path: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the shop exited with {proc.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the shop did not answer within {START_TIMEOUT}s:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox().start()
    yield box
    box.stop()


def _start_live_server(
    data_dir: Path, mailbox: Mailbox, extra_env: dict[str, str]
) -> tuple[LiveServer, subprocess.Popen[bytes]]:
    port = _free_port()
    url = f"http://localhost:{port}"
    db_url = f"sqlite:///{data_dir / 'store.db'}"
    base = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    env = {
        **base,
        "APP_ENV": "test",
        "DATA_DIR": str(data_dir),
        "DB_URL": db_url,
        "PUBLIC_URL": url,
        "SMTP_HOST": mailbox.host,
        "SMTP_PORT": str(mailbox.port),
        "SMTP_TLS": "0",
        "PYTHONUNBUFFERED": "1",
        # A frontend build of its own, so a running `make run` or another test session is not disturbed.
        "REFLEX_WEB_WORKDIR": str(data_dir / "web"),
        "REFLEX_STATES_WORKDIR": str(data_dir / "states"),
        **extra_env,  # REDIS_URL only when a test asks for it
    }
    subprocess.run([sys.executable, "-m", "store_app.manage", "setup"], cwd=PROJECT_ROOT, env=env, check=True)
    log_path = data_dir / "server.log"
    reflex = str(Path(sys.executable).with_name("reflex"))
    command = [reflex, "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_up(url + "/", proc, log_path)
    except BaseException:
        _stop(proc)
        raise
    return LiveServer(url=url, data_dir=data_dir, db_url=db_url, env=env, log_path=log_path), proc


@pytest.fixture(scope="session")
def live_server_factory(
    tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox
) -> Iterator[Callable[..., LiveServer]]:
    """Starts (once per distinct environment) a shop with extra settings, e.g. ACCESS_TOKEN_SECONDS="3"."""
    started: dict[tuple[tuple[str, str], ...], tuple[LiveServer, subprocess.Popen[bytes]]] = {}

    def start(**extra_env: str) -> LiveServer:
        key = tuple(sorted(extra_env.items()))
        if key not in started:
            started[key] = _start_live_server(tmp_path_factory.mktemp("live"), mailbox, extra_env)
        return started[key][0]

    try:
        yield start
    finally:
        for _, proc in started.values():
            _stop(proc)


@pytest.fixture(scope="session")
def live_server(live_server_factory: Callable[..., LiveServer]) -> LiveServer:
    """The shop with default settings, shared by the whole test session."""
    return live_server_factory()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


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
