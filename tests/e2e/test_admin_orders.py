"""Staff move orders along their statuses from /admin/orders (SPEC D2), find an order by number or buyer,
open it and move it there (the buyer is mailed); the dashboard heads with today's figures; shoppers cannot."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from store_app.accounts.demo_accounts import DEMO_SHOPPER
from store_app.accounts.models import User
from store_app.admin.dashboard_service import headline_figures
from store_app.admin.order_page import AdminOrderState
from store_app.admin.orders_page import AdminOrdersState
from store_app.audit.models import HistoryEvent
from store_app.core.i18n import t
from store_app.core.money import format_money
from store_app.orders.models import Order
from tests.admin.e2e_steps import log_in_as_admin, place_live_order, session_cookie_header
from tests.e2e.cabinet_flow import wait_for_mail
from tests.e2e.conftest import LiveServer
from tests.utils.live_shop import live_session
from tests.utils.mailbox import Mailbox, body_text
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
            detail = f"/admin/orders/{order_id}"
            attacker.emit(f"{AdminOrderState.get_full_name()}.load", path=detail)
            attacker.emit(
                f"{AdminOrderState.get_full_name()}.change_status", {"form_data": {"status": "cancelled"}}, path=detail
            )
            attacker.ping()
            assert attacker.updates, "the socket answered nothing at all"
            assert "customer" not in attacker.received_text() and "Москва" not in attacker.received_text()
    assert _status(live_server, order_id) == "new"


def _buyer_email(live_server: LiveServer, order_id: int) -> str:
    with live_session(live_server) as session:
        order = session.get(Order, order_id)
        assert order is not None and order.user_id is not None
        user = session.get(User, order.user_id)
        assert user is not None
        return user.email


def test_staff_find_an_order_open_it_and_move_it_there_and_the_buyer_is_mailed(
    page: Page, live_server: LiveServer, mailbox: Mailbox
) -> None:
    order_id, number = place_live_order(live_server)
    email = _buyer_email(live_server, order_id)
    log_in_as_admin(page, next_path="/admin/orders")

    # By number, and by the buyer's address; a search that finds nothing in between, so each one-row
    # table is that search's answer and not the last one's still shown.
    for search in (number, "нет такого заказа", email.split("@")[0].upper(), "нет такого заказа", number):
        page.locator("#orders-search-text").fill(search)
        page.locator("#orders-search").click()
        if search.startswith("нет"):
            expect(page.locator("#orders-table-empty")).to_be_visible()
            expect(page.locator(f"#order-row-{order_id}")).to_have_count(0)
        else:
            expect(page.locator("#orders-table tbody tr")).to_have_count(1)
            expect(page.locator(f"#order-row-{order_id}")).to_be_visible()

    page.locator(f"#order-open-{order_id}").click()
    expect(page).to_have_url(re.compile(rf"/admin/orders/{order_id}/?$"))
    expect(page.locator("#order-detail-number")).to_contain_text(number)
    expect(page.locator("#order-detail-contact")).to_have_text("Анна")
    expect(page.locator("#order-detail-phone")).to_have_text("+7 916 123-45-67")  # as people write it
    expect(page.locator("#order-detail-email")).to_have_text(email)
    expect(page.locator("#order-detail-address")).to_have_text("Москва")
    expect(page.locator("#order-detail-lines tbody tr")).to_have_count(1)
    expect(page.locator("#order-detail-history tbody tr")).to_have_count(1)
    expect(page.locator("#order-detail-status")).to_have_text(t("orders.status.new"))
    assert number in page.title()

    page.locator("#order-detail-target").select_option("confirmed")
    page.locator("#order-detail-apply").click()
    expect(page.locator("#order-detail-notice")).to_contain_text(number)
    expect(page.locator("#order-detail-status")).to_have_text(t("orders.status.confirmed"))
    expect(page.locator("#order-detail-history tbody tr")).to_have_count(2)
    expect(page.locator("#order-detail-history tbody tr").last).to_contain_text("admin")
    assert _status(live_server, order_id) == "confirmed"
    # The placed-order mail names the number too: wait for the one about the move.
    mail = wait_for_mail(mailbox, to=email, subject_part=f"{number} подтвержд")
    assert number in body_text(mail)


def test_the_dashboard_heads_with_todays_and_this_months_figures(page: Page, live_server: LiveServer) -> None:
    place_live_order(live_server)
    with live_session(live_server) as session:
        figures = headline_figures(session=session)
    log_in_as_admin(page)
    expect(page.locator("#headline-orders-today")).to_have_text(str(figures.orders_today))
    expect(page.locator("#headline-revenue-month")).to_have_text(format_money(figures.revenue_month))
    expect(page.locator("#headline-average-order")).to_have_text(format_money(figures.average_order))
    expect(page.locator("#headline-new-shoppers")).to_have_text(
        f"{figures.new_shoppers_today} / {figures.new_shoppers_month}"
    )
    assert figures.orders_today >= 1
