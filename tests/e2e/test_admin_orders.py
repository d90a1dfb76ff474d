"""Staff move orders along their statuses from /admin/orders (SPEC D2); shoppers cannot."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from store_app.accounts.demo_accounts import DEMO_SHOPPER
from store_app.admin.orders_page import AdminOrdersState
from store_app.audit.models import HistoryEvent
from store_app.core.i18n import t
from store_app.orders.models import Order
from tests.admin.e2e_steps import log_in_as_admin, place_live_order, session_cookie_header
from tests.cart.live_shop import live_session
from tests.e2e.conftest import LiveServer
from tests.utils.raw_event_socket import RawEventSocket


def _status(live_server: LiveServer, order_id: int) -> str:
    with live_session(live_server) as session:
        order = session.get(Order, order_id)
        assert order is not None
        return order.status


def test_staff_change_an_order_status_and_see_why_a_jump_is_refused(page: Page, live_server: LiveServer) -> None:
    order_id, number = place_live_order(live_server)
    log_in_as_admin(page, next_path="/admin/orders")
    page.locator("#orders-status-filter").select_option("new")
    row = page.locator(f"#order-row-{order_id}")
    expect(row).to_be_visible()

    page.locator(f"#order-target-{order_id}").select_option("delivered")
    page.locator(f"#order-apply-{order_id}").click()
    expect(page.locator("#orders-error")).to_have_text(t("orders.error.bad_transition", status=t("orders.status.new")))
    assert _status(live_server, order_id) == "new"

    page.locator("#orders-status-filter").select_option("")
    page.locator(f"#order-target-{order_id}").select_option("confirmed")
    page.locator(f"#order-apply-{order_id}").click()
    expect(page.locator("#orders-notice")).to_contain_text(number)
    expect(page.locator(f"#order-status-{order_id}")).to_have_text(t("orders.status.confirmed"))
    assert _status(live_server, order_id) == "confirmed"
    with live_session(live_server) as session:
        events = session.query(HistoryEvent).filter(HistoryEvent.target == f"order:{number}").all()
    assert [(e.kind, e.actor_label) for e in events if e.kind == "order status changed"] == [
        ("order status changed", "admin")
    ]


def test_a_shoppers_crafted_status_change_changes_nothing(live_server: LiveServer) -> None:
    order_id, _ = place_live_order(live_server)
    cookie = session_cookie_header(live_server, DEMO_SHOPPER["login"], DEMO_SHOPPER["password"])
    for headers in ({}, {"Cookie": cookie}):
        with RawEventSocket(live_server.url, headers=headers) as attacker:
            attacker.emit(
                f"{AdminOrdersState.get_full_name()}.change_status",
                {"form_data": {"order_id": str(order_id), "status": "cancelled"}},
                path="/admin/orders",
            )
            attacker.emit(f"{AdminOrdersState.get_full_name()}.load", path="/admin/orders")
            attacker.settle()
            assert attacker.updates, "the socket answered nothing at all"
            assert "customer" not in attacker.received_text()
    assert _status(live_server, order_id) == "new"
