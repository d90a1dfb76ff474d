"""A shopper logs in and out in Chromium: one generic error, a lockout message, the name in the
navbar, a session that survives reloads and new tabs, and a cookie no page script can read."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, BrowserContext, Page, expect

from store_app.accounts.login.known_device import PLAIN_NAME as DEVICE_COOKIE
from store_app.core.i18n import t
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import (
    PASSWORD,
    create_shopper,
    log_in,
    replay_cookie_is_refused,
    running_sessions,
    session_cookie,
)


def test_wrong_login_shows_one_generic_error_under_the_form(page: Page, live_server: LiveServer) -> None:
    login = create_shopper(live_server)
    log_in(page, login, "wrong-password-123")
    expect(page.locator("#login-error")).to_have_text(t("login.error.invalid"))
    # The login typed stays in its field (issue 16), carried sealed: the address bar shows no login.
    expect(page.locator("#login-identifier")).to_have_value(login)
    assert login not in page.url and "hint=" in page.url
    log_in(page, f"nobody{uuid.uuid4().hex[:6]}", PASSWORD)
    expect(page.locator("#login-error")).to_have_text(t("login.error.invalid"))
    expect(page.locator("#nav-login")).to_be_visible()
    expect(page.locator("#login-password")).to_have_value("")


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(page: Page, live_server: LiveServer) -> None:
    login = create_shopper(live_server)
    for _ in range(4):
        log_in(page, login, "wrong-password-123")
        expect(page.locator("#login-error")).to_have_text(t("login.error.invalid"))
    log_in(page, login, "wrong-password-123")
    expect(page.locator("#login-error")).to_have_text(t("login.error.locked", count=15))
    log_in(page, login, PASSWORD)
    expect(page.locator("#login-error")).to_have_text(t("login.error.locked", count=15))
    assert running_sessions(live_server, login) == []


def test_login_shows_the_name_and_survives_reload_and_a_new_tab(
    page: Page, context: BrowserContext, live_server: LiveServer
) -> None:
    login = create_shopper(live_server, first_name="Полина")
    log_in(page, login, next_path="/cabinet")
    expect(page).to_have_url(re.compile(r"/cabinet/?$"))
    expect(page.locator("#nav-user-name")).to_have_text("Полина")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    expect(page.locator("#cabinet-email")).to_have_text(f"{login}@example.com")
    expect(page.locator("#cabinet-email-unconfirmed")).to_be_visible()

    page.reload()
    expect(page.locator("#cabinet-login")).to_have_text(login)
    expect(page.locator("#nav-user-name")).to_have_text("Полина")

    second_tab = context.new_page()
    second_tab.goto("/contacts")
    expect(second_tab.locator("#nav-user-name")).to_have_text("Полина")
    second_tab.locator("#nav-cabinet").click()
    expect(second_tab.locator("#cabinet-login")).to_have_text(login)
    second_tab.goto("/login")  # nothing to do there when logged in
    expect(second_tab).to_have_url(re.compile(r"/cabinet/?$"))
    assert len(running_sessions(live_server, login)) == 1


def test_a_visitor_is_sent_to_login_and_back(page: Page, live_server: LiveServer) -> None:
    login = create_shopper(live_server)
    page.goto("/cabinet")
    expect(page).to_have_url(re.compile(r"/login/?\?next=%2Fcabinet(%2F)?$"))
    expect(page.locator("#cabinet-login")).to_have_count(0)
    page.locator("#login-identifier").fill(login)
    page.locator("#login-password").fill(PASSWORD)
    expect(page.locator("#login input[name=next]")).to_have_value(re.compile(r"^/cabinet/?$"))
    page.locator("#login-submit").click()
    expect(page).to_have_url(re.compile(r"/cabinet/?$"))
    expect(page.locator("#cabinet-login")).to_have_text(login)


def test_no_page_script_can_read_the_credential(page: Page, context: BrowserContext, live_server: LiveServer) -> None:
    login = create_shopper(live_server)
    frames: list[str] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(str(payload))))
    log_in(page, login, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    cookie = session_cookie(context)
    # The backend read the cookie from the handshake, but never sends it (or any token) to the page.
    assert frames and not [frame for frame in frames if cookie["value"] in frame or "eyJ" in frame]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/"
    readable = page.evaluate(
        "() => JSON.stringify([document.cookie, Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    assert cookie["value"] not in readable
    # No JWT of any kind (they all start with the base64 of '{"'); Reflex's tab id is a plain UUID.
    assert "eyJ" not in readable


def test_logout_ends_the_session_and_the_old_cookie_is_dead(
    page: Page, context: BrowserContext, browser: Browser, live_server: LiveServer
) -> None:
    login = create_shopper(live_server)
    log_in(page, login, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    old_cookie = session_cookie(context)

    page.locator("#nav-logout button").click()
    expect(page.locator("#nav-login")).to_be_visible()
    assert [c for c in context.cookies() if c["name"] == old_cookie["name"]] == []
    assert running_sessions(live_server, login) == []

    replay_cookie_is_refused(browser, live_server, old_cookie)


def test_a_browser_that_logged_in_before_gets_in_while_the_account_is_locked_for_others(
    page: Page, context: BrowserContext, browser: Browser, live_server: LiveServer
) -> None:
    login = create_shopper(live_server)
    log_in(page, login, next_path="/cabinet")  # the owner's browser: now a known device
    expect(page.locator("#cabinet-login")).to_have_text(login)
    [device] = [c for c in context.cookies() if c["name"] == DEVICE_COOKIE]
    assert device["httpOnly"] is True and device["sameSite"] == "Strict"
    page.locator("#nav-logout button").click()
    expect(page.locator("#nav-login")).to_be_visible()

    stranger = browser.new_context(base_url=live_server.url)
    try:
        other = stranger.new_page()
        for _ in range(5):
            log_in(other, login, "wrong-password-123")
        expect(other.locator("#login-error")).to_have_text(t("login.error.locked", count=15))
        log_in(other, login, PASSWORD)  # a new device is refused, the right password notwithstanding
        expect(other.locator("#login-error")).to_have_text(t("login.error.locked", count=15))
    finally:
        stranger.close()

    log_in(page, login, PASSWORD, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
