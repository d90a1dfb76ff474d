"""The cabinet names a login session's device from its User-Agent."""

from __future__ import annotations

import pytest

from store_app.accounts.cabinet.devices import describe_device

AGENTS = [
    (
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Firefox 128 · Linux",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        "Chrome 126 · Windows",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
        "Edge 126 · Windows",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1",
        "Safari 17 · iPhone",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        "Samsung Internet 25 · Android",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.4 Safari/605.1.15",
        "Safari 17 · macOS",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 YaBrowser/24.4.0.0 Safari/537.36",
        "Yandex Browser 24 · Windows",
    ),
    ("curl/8.5.0", "curl"),
    ("python-httpx/0.28.1", "python-httpx"),
]


@pytest.mark.parametrize(("agent", "expected"), AGENTS)
def test_common_browsers_and_systems_are_named(agent: str, expected: str) -> None:
    assert describe_device(agent) == expected


@pytest.mark.parametrize("agent", ["", "   ", "x" * 10_000, "<script>alert(1)</script>"])
def test_unknown_or_odd_agents_get_the_fallback(agent: str) -> None:
    assert describe_device(agent, unknown="unknown") == "unknown"
