"""How long a second live test shop takes to start (the browser tests' short-access-token shop): with a frontend
build of its own (`reflex run --env prod`, as before) and on the default shop's build (`reuse_frontend` and
`tests/e2e/serve_built.py`), interleaved, on the same machine in one run. Also checks that a build of its own
differs from the default shop's in nothing but the backend's address (and what differs between any two builds).

    .venv/bin/python -m benchmarks.shop_start --rounds 2 --shops short-lived redis
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.shop_servers import (
    BUILT_PAGES,
    COMPRESSED,
    SHORT_ACCESS_SECONDS,
    LiveServer,
    ShopPool,
    start_live_server,
)
from tests.utils.mailbox import Mailbox
from tests.utils.redis_db import own_redis_database

# What differs between two builds of the same code whatever the settings: Vite names a chunk after its content
# (the env chunk, which holds the address, and what imports it), Reflex draws random names for some vars, and
# the build carries reflex.json (a random project hash, timestamps).
_NOISE = [
    (re.compile(rb"-[A-Za-z0-9_-]{8}\.(js|css)"), rb"-HASH.\1"),
    (re.compile(rb"reflex_Var_\d+"), b"reflex_Var_N"),
    (re.compile(rb"(<|&lt;)reflex\.Var(>|&gt;)-?\d+"), rb"\1reflex.Var\2N"),
    (re.compile(rb"project_hash=[0-9e.+]+"), b"project_hash=N"),
    (re.compile(rb"_datetime=`[^`]*`"), b"_datetime=T"),
    (re.compile(rb'"version":"[0-9a-f]{8}"'), b'"version":"V"'),
    # Digests of the initial states, which hold such random names (the states themselves are compared).
    (re.compile(rb"initialStateHashes=`[0-9a-f.]*`"), b"initialStateHashes=H"),
]


def _blank(data: bytes) -> bytes:
    for pattern, replacement in _NOISE:
        data = pattern.sub(replacement, data)
    return data


def _pages(server: LiveServer) -> dict[str, list[bytes]]:
    """The built files (not their compressed copies) by name, with the shop's address and the noise blanked
    (several files can then share a name: each name holds a sorted list)."""
    root = Path(server.env["REFLEX_WEB_WORKDIR"]) / BUILT_PAGES
    netloc = f"//{urlsplit(server.url).netloc}".encode()
    pages: dict[str, list[bytes]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in COMPRESSED:
            name = _blank(str(path.relative_to(root)).encode()).decode()
            pages.setdefault(name, []).append(_blank(path.read_bytes().replace(netloc, b"//SHOP")))
    return {name: sorted(files) for name, files in pages.items()}


def frontend_difference(first: LiveServer, second: LiveServer) -> list[str]:
    """The built files that differ between two shops beyond their address and the noise (or exist in one only)."""
    a, b = _pages(first), _pages(second)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def _settings(pool: ShopPool, name: str) -> dict[str, str]:
    """The backend settings of the session's other shops (the Redis one gets a database number of its own)."""
    if name == "redis":
        return {"REDIS_URL": pool.enter(own_redis_database())}
    return {"ACCESS_TOKEN_SECONDS": str(SHORT_ACCESS_SECONDS)}


def _timed_start(pool: ShopPool, settings: dict[str, str], frontend_of: LiveServer | None) -> tuple[LiveServer, float]:
    started = time.monotonic()
    server = start_live_server(pool, settings, frontend_of)
    return server, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--shops", nargs="+", choices=["short-lived", "redis"], default=["short-lived"])
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="shop-start-"))
    counter = iter(range(1000))
    pool = ShopPool(
        mailbox=Mailbox().start(),
        environ=dict(os.environ),
        make_dir=lambda name: Path(tempfile.mkdtemp(prefix=f"{name}{next(counter)}-", dir=base)),
    )
    try:
        started = time.monotonic()
        default = pool.get("live_server")
        print(f"default shop (its own build): {time.monotonic() - started:.1f}s  load {os.getloadavg()[0]:.2f}")
        for round_number in range(1, args.rounds + 1):
            for shop in args.shops:
                own, own_seconds = _timed_start(pool, _settings(pool, shop), None)
                reused, reused_seconds = _timed_start(pool, _settings(pool, shop), default)
                print(
                    f"round {round_number}, {shop} shop: own build {own_seconds:.1f}s, reused build "
                    f"{reused_seconds:.1f}s, ratio {own_seconds / reused_seconds:.1f}x  load {os.getloadavg()[0]:.2f}"
                )
                print(
                    f"  built files differing beyond the address, own vs default: {frontend_difference(own, default)}"
                )
                print(f"  reused vs own: {frontend_difference(reused, own)}")
    finally:
        pool.close()
        pool.mailbox.stop()
    print(f"(folders under {base})")


if __name__ == "__main__":
    main()
