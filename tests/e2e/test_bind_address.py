"""Issue 9 §1: the shop started with default settings listens on loopback only."""

from __future__ import annotations

import subprocess
import urllib.parse
import urllib.request

from tests.e2e.conftest import LiveServer


def _listening_addresses(port: int) -> set[str]:
    lines = subprocess.run(
        ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True, timeout=10
    ).stdout.splitlines()
    return {line.split()[3].rsplit(":", 1)[0] for line in lines if line.strip()}


def test_the_default_shop_listens_on_loopback_only(live_server: LiveServer) -> None:
    port = urllib.parse.urlsplit(live_server.url).port
    assert port is not None
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/products?size=1", timeout=10) as response:
        assert response.status == 200
    assert _listening_addresses(port) == {"127.0.0.1"}
