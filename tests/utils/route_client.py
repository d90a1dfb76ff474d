"""The shop's HTTP routes (login, logout, 2FA steps) in-process, as a browser on one address meets them:
redirects are answers to read, not to follow, and a form post carries the shop's own Origin."""

from __future__ import annotations

from fastapi.testclient import TestClient

from store_app.api.app import build_api
from store_app.core.settings import get_settings

PEER = ("198.51.100.7", 50000)


def route_client() -> TestClient:
    """A client from PEER that does not follow redirects; use it as a context manager (runs the app's
    start-up and shut-down). Build it after the test's settings are in place: the app reads them."""
    return TestClient(build_api(), client=PEER, follow_redirects=False)


def own_origin() -> dict[str, str]:
    """The Origin header of the shop's own pages, which the cookie routes ask for."""
    return {"Origin": get_settings().public_origin}
