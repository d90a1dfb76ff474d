"""Redis memory per idle tab of a running scaled-out shop: open N Chromium tabs, let them hydrate, then
add up `MEMORY USAGE` of each tab's keys (Reflex keeps one key per state class a tab has touched).

    .venv/bin/python -m benchmarks.redis_state http://localhost:3000 redis://127.0.0.1:6379/0 --tabs 20 --path /
"""

from __future__ import annotations

import argparse
import statistics

import redis
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def measure(url: str, redis_url: str, tabs: int, path: str) -> dict[str, float]:
    client = redis.Redis.from_url(redis_url)
    before = client.info("memory")["used_memory"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(base_url=url)
        tokens = []
        for _ in range(tabs):
            page = context.new_page()
            page.goto(path)
            page.wait_for_load_state("networkidle")
            tokens.append(page.wait_for_function("() => sessionStorage.getItem('token')").json_value())
        per_tab, keys = [], []
        for token in tokens:
            names = list(client.scan_iter(match=f"{token}_*", count=1000))
            keys.append(len(names))
            per_tab.append(sum(client.memory_usage(name) or 0 for name in names))
        after = client.info("memory")["used_memory"]
        browser.close()
    return {
        "tabs": tabs,
        "keys per tab": statistics.mean(keys),
        "bytes per tab (MEMORY USAGE)": statistics.mean(per_tab),
        "used_memory growth per tab": (after - before) / tabs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("redis_url")
    parser.add_argument("--tabs", type=int, default=20)
    parser.add_argument("--path", default="/")
    args = parser.parse_args()
    for name, value in measure(args.url, args.redis_url, args.tabs, args.path).items():
        print(f"{name}: {value:,.0f}")


if __name__ == "__main__":
    main()
