"""A short, readable device name from a User-Agent header, for the cabinet's list of login sessions.

Only the browser and the system are named (no version numbers beyond the major one): enough for a
shopper to tell "my phone" from "my laptop", without a parsing library and its update treadmill.
"""

from __future__ import annotations

import re

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS: tuple[tuple[str, str], ...] = (
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"(?:OPR|Opera)/(\d+)"),
    ("Yandex Browser", r"YaBrowser/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS|HeadlessChrome)/(\d+)"),
    ("Safari", r"Version/(\d+)[\d.]* (?:Mobile/\S+ )?Safari/"),
)
_SYSTEMS: tuple[tuple[str, str], ...] = (
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("Windows", r"Windows"),
    ("ChromeOS", r"CrOS"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("Linux", r"Linux|X11"),
)
_API_CLIENTS = re.compile(r"^(curl|python-requests|python-httpx|httpx|okhttp|PostmanRuntime)/", re.IGNORECASE)


def describe_device(user_agent: str, *, unknown: str = "?") -> str:
    """E.g. "Firefox 128 · Linux", "Safari 17 · iPhone", "curl"; `unknown` when nothing is recognised."""
    agent = user_agent.strip()[:512]
    if not agent:
        return unknown
    client = _API_CLIENTS.match(agent)
    if client:
        return client.group(1)
    browser = next((f"{name} {m.group(1)}" for name, pattern in _BROWSERS if (m := re.search(pattern, agent))), "")
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, agent)), "")
    described = " · ".join(part for part in (browser, system) if part)
    return described or unknown
