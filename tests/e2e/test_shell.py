"""A shopper opens the home page and the contacts page and sees the shop."""

from __future__ import annotations

import re
import urllib.request
from urllib.parse import urlsplit

from playwright.sync_api import Page, WebSocket, expect

from store_app.core.i18n import t
from tests.e2e.conftest import LiveServer
from tests.e2e.views import open_page


def test_home_page_shows_the_shop_with_navbar_and_footer(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#home-title")).to_have_text(t("home.title"))
    expect(page.locator("#nav-home")).to_contain_text(t("shop.name"))
    expect(page.locator("#nav-catalog")).to_be_visible()
    expect(page.locator("#cart-badge")).to_have_text("0")
    expect(page.locator("#nav-login")).to_be_visible()
    expect(page.locator("#footer-phone")).to_have_text(t("shop.phone"))
    expect(page).to_have_title(t("shop.name"))
    # The rules the registration checkbox accepts are linked from the footer of every page.
    page.locator("#footer-rules").click()
    expect(page).to_have_url(re.compile(r"/rules/?$"))
    expect(page.locator("#rules-title")).to_have_text(t("rules.title"))


def test_contacts_page_is_reached_from_the_navbar(page: Page) -> None:
    page.goto("/")
    page.locator("#nav-contacts").click()
    expect(page).to_have_url(re.compile(r"/contacts/?$"))
    expect(page.locator("#contacts-title")).to_have_text(t("contacts.title"))
    expect(page.locator("#contacts-address")).to_have_text(t("shop.address"))
    expect(page.locator("#contacts-hours")).to_have_text(t("shop.hours"))


def test_phone_layout_hides_desktop_links_behind_a_menu(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, "/")  # the menu is a script's: a click before the page runs opens nothing
    expect(page.locator("#nav-catalog")).to_be_hidden()
    page.locator("#nav-menu").click()
    expect(page.get_by_role("menuitem", name=t("nav.contacts"))).to_be_visible()


def test_the_page_runs_under_the_content_security_policy(page: Page, live_server: LiveServer) -> None:
    violations: list[str] = []
    frames: list[str] = []
    sockets: list[WebSocket] = []

    def watch(socket: WebSocket) -> None:
        # Listen from the moment the socket opens: the first frames can arrive before goto() returns.
        sockets.append(socket)
        socket.on("framereceived", lambda payload: frames.append(str(payload)))

    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("websocket", watch)
    page.goto("/contacts")
    expect(page.locator("#contacts-title")).to_be_visible()
    for _ in range(150):
        if frames:
            break
        page.wait_for_timeout(100)
    assert frames, "the page's websocket received nothing within 15 s"
    assert sockets[0].url.startswith(live_server.url.replace("http", "ws"))
    assert not sockets[0].is_closed()
    assert violations == []


def test_every_route_carries_security_headers(live_server: LiveServer) -> None:
    # The probes too (README HTTP security: every response), though they answer outside the shop's middleware.
    for path in ("/", "/contacts/", "/api/v1/health", "/ping", "/no-such-page/", "/healthz", "/readyz"):
        request = urllib.request.Request(live_server.url + path)
        try:
            response = urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path


def _cors_allow_origin(live_server: LiveServer, origin: str) -> str | None:
    request = urllib.request.Request(
        live_server.url + "/api/v1/health",
        method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "GET"},
    )
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    return response.headers.get("Access-Control-Allow-Origin")


def test_cors_allows_only_the_shops_own_origin(live_server: LiveServer) -> None:
    assert _cors_allow_origin(live_server, live_server.url) == live_server.url
    assert _cors_allow_origin(live_server, "http://evil.example") is None


def test_main_pages_load_without_policy_violations(page: Page) -> None:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    pages = ("/", "/catalog", "/login", "/register", "/cart", "/contacts", "/activation/new-link", "/activate/x")
    for path in (*pages, "/checkout", "/orders", "/cabinet", "/no-such-page", "/api/v1/docs"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto("/catalog")
    page.locator("a[href^='/product/']").first.click()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_scripts_run_by_hash_and_an_injected_inline_script_is_refused(page: Page, live_server: LiveServer) -> None:
    policy = urllib.request.urlopen(live_server.url + "/", timeout=10).headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto("/contacts")
    expect(page.locator("#contacts-title")).to_be_visible()
    assert violations == []
    # The browser reports the refusal on the console: wait for that report rather than for a while.
    with page.expect_console_message(lambda msg: "Content Security Policy" in msg.text):
        page.evaluate(
            """() => { const s = document.createElement("script");
                       s.textContent = "window.__injected = 1"; document.body.appendChild(s); }"""
        )
    assert page.evaluate("() => window.__injected") is None
    assert violations, "the injected inline script ran without a policy violation"


def test_the_sitemap_lists_only_the_public_pages(live_server: LiveServer) -> None:
    with urllib.request.urlopen(live_server.url + "/sitemap.xml", timeout=10) as response:
        locations = re.findall(r"<loc>([^<]*)</loc>", response.read().decode())
    assert all(loc.startswith(live_server.url + "/") for loc in locations), locations
    paths = {urlsplit(loc).path.rstrip("/") or "/" for loc in locations}
    assert paths == {"/", "/catalog", "/contacts", "/login", "/register"}
