"""Figures and counts the README states about a running shop, measured on the session's live shops: the
backend workers `make run` starts with `REDIS_URL`, the Redis memory of an idle tab, and the size of the
browser's texts module."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import redis
from playwright.sync_api import Browser
from reflex.utils.processes import MAX_BACKEND_WORKERS

from benchmarks.initial_js import Source, initial_modules
from store_app.core.settings import PROJECT_ROOT
from store_app.ui import language
from tests.e2e.conftest import LiveServer
from tests.e2e.views import open_page
from tests.utils.processes import children_of, parent_of

README = " ".join((PROJECT_ROOT / "README.md").read_text().split())


def test_make_run_with_redis_url_starts_reflexs_count_of_workers(redis_live_server: LiveServer) -> None:
    # `make run` sets no count (GRANIAN_WORKERS) and runs `reflex run --env prod`, as this shop does with REDIS_URL.
    run = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "GRANIAN_WORKERS" not in run and "store_app.manage serve" in run
    assert "REDIS_URL" in redis_live_server.env and "GRANIAN_WORKERS" not in redis_live_server.env
    with urllib.request.urlopen(redis_live_server.url + "/healthz", timeout=10) as response:
        worker = int(response.headers["x-worker"])
    supervisor = parent_of(worker)
    workers = children_of(supervisor)
    expected = min(2 * (os.cpu_count() or 1) + 1, MAX_BACKEND_WORKERS)
    print(f"workers of the supervisor {supervisor}: {workers}")
    assert worker in workers and len(workers) == expected
    assert "leaves the count to Reflex: 2 × cores + 1, at most 8" in README and MAX_BACKEND_WORKERS == 8


def _tab_keys(client: redis.Redis, token: str) -> dict[bytes, int]:
    """A tab's keys (Reflex keeps one per state class, named after the client token) and `MEMORY USAGE` of each."""
    return {name: client.memory_usage(name) or 0 for name in client.scan_iter(match=f"{token}_*", count=1000)}


def _stated(pattern: str) -> tuple[float, ...]:
    found = re.search(pattern, README)
    assert found, f"the README no longer says {pattern!r}"
    return tuple(float(number.replace(",", "")) for number in found.groups())


def test_an_idle_tab_of_the_home_page_holds_what_the_readme_says_in_redis(
    browser: Browser, redis_live_server: LiveServer
) -> None:
    kilobytes, keys_stated = _stated(r"Redis holds about (\d+) KB per idle tab of the home page \((\d+) keys")
    client = redis.Redis.from_url(redis_live_server.env["REDIS_URL"])
    context = browser.new_context(base_url=redis_live_server.url)
    try:
        tokens = []
        for _ in range(3):
            page = context.new_page()
            open_page(page, "/")
            page.wait_for_load_state("networkidle")  # the page's last events have answered: the tab is idle
            tokens.append(page.evaluate("() => sessionStorage.getItem('token')"))
        per_tab = [_tab_keys(client, token) for token in tokens]
        sizes = [sum(keys.values()) for keys in per_tab]
        print(f"keys per tab {[len(keys) for keys in per_tab]}, bytes per tab {sizes}")
        assert [len(keys) for keys in per_tab] == [keys_stated] * 3
        assert all(0.85 * kilobytes * 1000 <= size <= 1.15 * kilobytes * 1000 for size in sizes), sizes

        # STATE_EXPIRY: each key lives the expiry from its last writing; an event renews only what it touched.
        (expiry,) = _stated(r"an idle tab's state stays in Redis this many seconds \(default (\d+)\)")
        left = {name: client.pttl(name) / 1000 for name in per_tab[-1]}
        assert all(expiry - 60 < seconds <= expiry for seconds in left.values()), left
        time.sleep(2)
        page.locator("#nav-catalog").click()  # in the same tab and socket: the catalog's on_load runs
        deadline = time.monotonic() + 15
        while (after := _seconds_left(client, per_tab[-1]))[CATALOG] < expiry - 1 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        context.close()
    print(f"seconds left after the catalog's load: {after}")
    assert after[CATALOG] > expiry - 1, "the catalog's load did not renew the catalog's state"
    assert after[SHOWCASE] < expiry - 1.5, "the home page's state was renewed by an event that did not touch it"
    assert "An event renews the states it touched" in README


CATALOG, SHOWCASE = "store_app___catalog___state____catalog_state", "store_app___catalog___showcase____showcase_state"


def _seconds_left(client: redis.Redis, keys: dict[bytes, int]) -> dict[str, float]:
    """Each key's time to live, by its state's name."""
    return {name.decode().rsplit(".", 1)[-1]: client.pttl(name) / 1000 for name in keys}


def test_the_browsers_texts_module_has_the_keys_and_size_the_readme_says(live_server: LiveServer) -> None:
    keys_stated, kilobytes, gzip_kib = _stated(r"keeps only the (\d+) keys the pages use \((\d+) KB, (\d+) KiB gzip")
    module = (Path(live_server.env["REFLEX_WEB_WORKDIR"]) / language.BUILD_PATH).read_bytes()
    messages = json.loads(re.search(rb"const MESSAGES = (\{.*?\});\n", module).group(1))
    keys = set(messages["ru"]) | set(messages["en"])
    packed = len(gzip.compress(module, 9))
    print(f"texts module: {len(keys)} keys, {len(module) / 1000:.1f} KB, {packed / 1024:.1f} KiB gzip")
    assert set(messages["ru"]) == set(messages["en"]), "a key the pages use is missing in one language"
    assert 0.9 * keys_stated <= len(keys) <= 1.1 * keys_stated
    assert 0.9 * kilobytes * 1000 <= len(module) <= 1.1 * kilobytes * 1000
    assert 0.9 * gzip_kib * 1024 <= packed <= 1.1 * gzip_kib * 1024
    # Only the keys the pages use: the whole catalogues would be several times larger.
    assert len(keys) < 0.8 * len(language.catalogue("ru").messages)
    first_visit = initial_modules(Source(live_server.url + "/"))
    print(f"initial JS of /: {sum(len(gzip.compress(body, 9)) for body in first_visit.values()) / 1024:.1f} KiB gzip")
