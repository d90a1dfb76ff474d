"""A shopper who forgot the password resets it on /login in Chromium, with the code from the mail."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from store_app.core.i18n import t
from tests.e2e.cabinet_flow import NEW_PASSWORD, PASSWORD, code_in, make_account, wait_for_mail
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import log_in
from tests.e2e.views import open_page
from tests.utils.mailbox import Mailbox, body_text

CODE_SUBJECT = "Код для восстановления пароля"
CHANGED_SUBJECT = "изменён"


def _ask_for_code(page: Page, email: str) -> None:
    open_page(page, "/login")  # its on_load closes the reset form: opened before that, it would shut again
    page.locator("#reset-open").click()
    expect(page.locator("#reset-panel")).to_be_visible()
    # Only the email field is open at first.
    expect(page.locator("#reset-code")).to_have_count(0)
    expect(page.locator("#reset-password")).to_have_count(0)
    page.locator("#reset-email").fill(email)
    page.locator("#reset-send").click()


def test_full_reset_with_the_mailed_code_ends_other_sessions_and_leaves_the_login_form(
    page: Page, browser: Browser, live_server: LiveServer, mailbox: Mailbox
) -> None:
    login = make_account(live_server)
    email = f"{login}@example.com"
    elsewhere = browser.new_context(base_url=live_server.url)
    other_tab = elsewhere.new_page()
    log_in(other_tab, login, next_path="/cabinet")
    expect(other_tab.locator("#cabinet-login")).to_have_text(login)

    _ask_for_code(page, email)
    expect(page.locator("#reset-code-sent")).to_have_text(t("reset.code_sent", email=email))
    code = code_in(wait_for_mail(mailbox, to=email, subject_part=CODE_SUBJECT))
    expect(page.locator("#reset-password")).to_have_count(0)
    page.locator("#reset-code").fill(code)
    page.locator("#reset-check").click()
    page.locator("#reset-password").fill(NEW_PASSWORD)
    page.locator("#reset-password2").fill(NEW_PASSWORD)
    page.locator("#reset-submit").click()

    # The reset form closes; the login form stays, with a notice and the address filled in.
    expect(page.locator("#reset-done")).to_have_text(t("reset.done"))
    expect(page.locator("#reset-panel")).to_have_count(0)
    expect(page.locator("#login-identifier")).to_have_value(email)
    assert CHANGED_SUBJECT in wait_for_mail(mailbox, to=email, subject_part=CHANGED_SUBJECT)["Subject"]
    page.locator("#login-password").fill(NEW_PASSWORD)
    page.locator("#login-submit").click()
    expect(page.locator("#nav-user-name")).to_have_text("Вера")

    # The browser that was logged in elsewhere is logged out on its next action.
    other_tab.goto("/cabinet")
    expect(other_tab).to_have_url(re.compile(r"/login/?\?next=%2Fcabinet"))
    elsewhere.close()


def test_each_steps_error_is_shown_under_the_form(page: Page, live_server: LiveServer, mailbox: Mailbox) -> None:
    login = make_account(live_server)
    email = f"{login}@example.com"
    # An address without an account gets the same answer as one with an account (issue 9 §5).
    unknown = f"nobody-{login}@example.com"
    _ask_for_code(page, unknown)
    expect(page.locator("#reset-code-sent")).to_have_text(t("reset.code_sent", email=unknown))
    expect(page.locator("#reset-error")).to_have_count(0)
    page.locator("#reset-change-email").click()

    page.locator("#reset-email").fill(email)
    page.locator("#reset-send").click()
    expect(page.locator("#reset-code-sent")).to_have_text(t("reset.code_sent", email=email))
    code = code_in(wait_for_mail(mailbox, to=email, subject_part=CODE_SUBJECT))
    page.locator("#reset-code").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.locator("#reset-check").click()
    expect(page.locator("#reset-error")).to_have_text(t("reset.error.wrong_code", count=4))
    expect(page.locator("#reset-password")).to_have_count(0)

    page.locator("#reset-code").fill(code)
    page.locator("#reset-check").click()
    expect(page.locator("#reset-error")).to_have_count(0)
    page.locator("#reset-password").fill("short")
    page.locator("#reset-password2").fill("other")
    page.locator("#reset-submit").click()
    expect(page.locator("#reset-error")).to_contain_text(t("password.too_short", min=8))
    expect(page.locator("#reset-error")).to_contain_text(t("password_change.error.mismatch"))
    expect(page.locator("#reset-panel")).to_be_visible()

    # The old password still works: nothing changed.
    log_in(page, login, PASSWORD, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    assert "никому" in body_text(wait_for_mail(mailbox, to=email, subject_part=CODE_SUBJECT)).lower()
