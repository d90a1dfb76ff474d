"""Only staff reach the admin pages (SPEC D1), and the dashboard draws its charts under the CSP (D4)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from store_app.accounts.demo_accounts import DEMO_SHOPPER
from store_app.admin.dashboard_page import DashboardState
from store_app.admin.pages import ADMIN_PAGES
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin, session_cookie_header
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import log_in
from tests.e2e.views import open_page
from tests.utils.raw_event_socket import RawEventSocket

ADMIN_ROUTES = [route for _, route, _, _ in ADMIN_PAGES]


def test_a_guest_opening_admin_logs_in_first_and_comes_back(page: Page) -> None:
    page.goto("/admin/orders")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fadmin%2Forders|/login\?next=/admin/orders"))
    log_in_as_admin(page, next_path="/admin/orders")
    expect(page).to_have_url(re.compile(r"/admin/orders/?$"))


def test_a_shopper_is_told_the_admin_is_for_staff_and_sees_no_admin_link(page: Page) -> None:
    log_in(page, DEMO_SHOPPER["login"], DEMO_SHOPPER["password"])
    expect(page.locator("#nav-user-name")).to_be_visible()
    expect(page.locator("#nav-admin")).to_have_count(0)
    for path in ADMIN_ROUTES:
        open_page(page, path)  # what the page says after its own guard ran, not the last page's verdict
        expect(page.locator("#admin-staff-only")).to_have_text(t("admin.staff_only.text"))
        expect(page.locator("h1")).to_have_text(t("admin.staff_only.title"))
        expect(page.locator("#admin-nav-dashboard")).to_have_count(0)
    expect(page.locator("#admin-low-stock")).to_have_count(0)


def test_the_dashboard_draws_its_charts_and_low_stock_without_policy_violations(page: Page) -> None:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    log_in_as_admin(page)
    expect(page.locator("#admin-dashboard")).to_be_visible()
    for chart in ("#chart-registrations", "#chart-orders", "#chart-revenue"):
        expect(page.locator(f"{chart} .recharts-surface")).to_be_visible()
    expect(page.locator("#chart-registrations .recharts-bar-rectangle").first).to_be_attached()
    expect(page.locator("#admin-low-stock")).to_be_visible()
    page.locator("#nav-admin").click()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_a_shoppers_crafted_dashboard_event_loads_nothing(live_server: LiveServer) -> None:
    cookie = session_cookie_header(live_server, DEMO_SHOPPER["login"], DEMO_SHOPPER["password"])
    with RawEventSocket(live_server.url, headers={"Cookie": cookie}) as attacker:
        attacker.emit(f"{DashboardState.get_full_name()}.load", path="/admin")
        attacker.ping()
        received = attacker.received_text()
    assert attacker.updates, "the socket answered nothing at all"
    assert "registrations" not in received and "low_stock" not in received
