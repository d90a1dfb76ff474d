"""Staff switch accounts from /admin/users (SPEC D2); a disabled shopper cannot log in, a shopper's crafted
event promotes nobody."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import select

from store_app.accounts.demo_accounts import DEMO_SHOPPER
from store_app.accounts.models import User
from store_app.admin.users_state import AdminUsersState
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin, session_cookie_header
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import create_shopper
from tests.utils.live_shop import live_session
from tests.utils.raw_event_socket import RawEventSocket


def _user(live_server: LiveServer, login: str) -> User:
    with live_session(live_server) as session:
        return session.exec(select(User).where(User.login == login)).one()


def test_staff_disable_and_enable_a_shopper(page: Page, live_server: LiveServer) -> None:
    login = create_shopper(live_server)
    user_id = _user(live_server, login).id
    log_in_as_admin(page, next_path="/admin/users")
    page.locator("#users-search-text").fill(login)
    page.locator("#users-search").click()
    switch = page.locator(f"#user-is-active-{user_id}")
    expect(switch).to_have_attribute("data-state", "checked")

    switch.click()
    expect(page.locator("#users-notice")).to_have_text(t("admin.users.saved"))
    expect(switch).to_have_attribute("data-state", "unchecked")
    assert _user(live_server, login).is_active is False

    switch.click()
    expect(switch).to_have_attribute("data-state", "checked")
    assert _user(live_server, login).is_active is True


def test_staff_see_their_own_switches_disabled_with_the_reason(page: Page, live_server: LiveServer) -> None:
    admin_id = _user(live_server, "admin").id
    log_in_as_admin(page, next_path="/admin/users")
    page.locator("#users-search-text").fill("admin")
    page.locator("#users-search").click()
    # The own row's switches are off and say why (issue 17); the server refuses them anyway (crafted events).
    for flag in ("staff", "active"):
        switch = page.locator(f"#user-is-{flag}-{admin_id}")
        expect(switch).to_be_disabled()
        expect(page.locator(f".user-switch:has(#user-is-{flag}-{admin_id})")).to_have_attribute(
            "title", t("admin.users.error.self")
        )
    expect(page.locator(f"#user-own-{admin_id}")).to_have_text(t("admin.users.own_row"))
    expect(page.locator(f"#user-delete-{admin_id}")).to_be_disabled()
    page.locator(f"#user-is-staff-{admin_id}").click(force=True)
    assert _user(live_server, "admin").is_staff is True


def test_a_shoppers_crafted_promotion_changes_nothing(live_server: LiveServer) -> None:
    shopper = _user(live_server, DEMO_SHOPPER["login"])
    cookie = session_cookie_header(live_server, DEMO_SHOPPER["login"], DEMO_SHOPPER["password"])
    victim = _user(live_server, create_shopper(live_server))
    with RawEventSocket(live_server.url, headers={"Cookie": cookie}) as attacker:
        name = AdminUsersState.get_full_name()
        attacker.emit(f"{name}.toggle", {"user_id": shopper.id, "flag": "is_staff", "value": True}, path="/admin/users")
        attacker.emit(f"{name}.delete", {"user_id": victim.id}, path="/admin/users")
        attacker.emit(f"{name}.load", path="/admin/users")
        attacker.ping()
        assert attacker.updates
        assert victim.email not in attacker.received_text()
    assert _user(live_server, DEMO_SHOPPER["login"]).is_staff is False
    assert _user(live_server, victim.login).is_active is True
