"""A shopper registers in Chromium: errors under their fields, then the mailed link confirms the email;
the same link a second time gets a clear page that offers a new one."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from store_app.core.i18n import t
from tests.e2e.conftest import LiveServer
from tests.e2e.views import open_page
from tests.utils.mailbox import Mailbox, body_text

PASSWORD = "velvet-otter-42-lamp"
_LINK = re.compile(r"https?://\S+/activate/[A-Za-z0-9_-]+")


def _fill_registration(page: Page, *, login: str, email: str) -> None:
    page.locator("#register-last-name").fill("Смирнова")
    page.locator("#register-first-name").fill("Анна")
    page.locator("#register-login").fill(login)
    page.locator("#register-email").fill(email)
    page.locator("#register-password").fill(PASSWORD)
    page.locator("#register-password-repeat").fill(PASSWORD)
    page.locator("#register-accept-rules").click()


def test_a_bad_registration_shows_every_error_under_its_own_field(page: Page) -> None:
    open_page(page, "/register")  # its on_load resets the form: what is typed before may go
    page.locator("#register-login").fill("1ab")
    page.locator("#register-email").fill("not-an-address")
    page.locator("#register-password").fill("qzx1")
    page.locator("#register-password-repeat").fill("qzx2")
    page.locator("#register-submit").click()

    expect(page.locator("#register-first-name-error")).to_have_text(t("register.error.required"))
    expect(page.locator("#register-last-name-error")).to_have_text(t("register.error.required"))
    expect(page.locator("#register-login-error")).to_have_text(t("register.error.login_format"))
    expect(page.locator("#register-email-error")).to_have_text(t("register.error.email_invalid"))
    expect(page.locator("#register-password-error")).to_contain_text(t("password.too_short", min=8))
    expect(page.locator("#register-password-repeat-error")).to_have_text(t("register.error.passwords_differ"))
    expect(page.locator("#register-accept-rules-error")).to_have_text(t("register.error.rules"))
    expect(page.locator("#register-patronymic-error")).to_be_hidden()
    expect(page.locator("#register-login")).to_have_attribute("aria-invalid", "true")
    # The typed values stay, so the shopper fixes only what is wrong.
    expect(page.locator("#register-email")).to_have_value("not-an-address")


def test_registering_then_opening_the_mailed_link_confirms_the_email(
    page: Page, mailbox: Mailbox, live_server: LiveServer
) -> None:
    login = f"anna{uuid.uuid4().hex[:8]}"
    email = f"{login}@example.com"
    open_page(page, "/register")
    _fill_registration(page, login=login, email=email)
    page.locator("#register-submit").click()
    expect(page.locator("#register-done-text")).to_contain_text(email)
    # One step to the cabinet (issue 16): the login page opens with the new login filled in (sealed in
    # the URL, never in clear), and an unconfirmed account may log in (SPEC A2).
    page.locator("#register-login-now").click()
    expect(page.locator("#login-identifier")).to_have_value(login)
    assert login not in page.url
    page.locator("#login-password").fill(PASSWORD)
    page.locator("#login-submit").click()
    expect(page.locator("#cabinet-email-unconfirmed")).to_be_visible()

    link = _LINK.search(body_text(mailbox.wait_for(to=email, timeout=30)))
    assert link, "the activation mail carries no link"
    assert link.group(0).startswith(live_server.url + "/activate/")
    page.goto(link.group(0))
    expect(page.locator("#activation-activated")).to_be_visible()
    expect(page.locator("#activation-title")).to_have_text(t("activation.activated.title"))

    # The same link again: a clear page with a way to ask for a new one.
    open_page(page, link.group(0))
    expect(page.locator("#activation-used")).to_be_visible()
    expect(page.locator("#activation-title")).to_have_text(t("activation.used.title"))
    page.locator("#new-link-email").fill(email)
    page.locator("#new-link-submit").click()
    expect(page.locator("#new-link-done")).to_have_text(t("resend.done"))


def test_a_mangled_link_gets_a_clear_page_that_offers_a_new_one(page: Page) -> None:
    open_page(page, "/activate/this-link-was-cut-in-half-by-the-mail-client")
    expect(page.locator("#activation-invalid")).to_be_visible()
    expect(page.locator("#activation-title")).to_have_text(t("activation.invalid.title"))
    # An address without an account gets the same answer as one with an account.
    page.locator("#new-link-email").fill("nobody-here@example.com")
    page.locator("#new-link-submit").click()
    expect(page.locator("#new-link-done")).to_have_text(t("resend.done"))


def test_a_pasted_overlong_password_is_told_its_limit_and_the_rules_can_be_read(page: Page) -> None:
    open_page(page, "/register")
    long_password = "correct-horse-battery-staple-" * 5  # 145 characters
    page.locator("#register-password").fill(long_password)
    page.locator("#register-password-repeat").fill(long_password)
    expect(page.locator("#register-password")).to_have_value(long_password)  # not cut by the field
    page.locator("#register-submit").click()
    expect(page.locator("#register-password-error")).to_contain_text(t("password.too_long", max=128))
    expect(page.locator("#register-password-repeat-error")).to_be_hidden()

    expect(page.locator("#register-rules-link")).to_have_attribute("href", "/rules")
    page.goto("/rules")
    expect(page.locator("#rules-title")).to_have_text(t("rules.title"))
    expect(page.locator("#rules-returns")).to_contain_text(t("rules.returns.title"))
    expect(page.locator("h1")).to_have_count(1)


def test_a_taken_email_looks_like_a_new_one_and_one_address_is_mailed_at_most_five_times(
    page: Page, mailbox: Mailbox
) -> None:
    email = f"often{uuid.uuid4().hex[:8]}@example.com"

    def submit() -> Page:
        tab = page.context.new_page()  # a tab of its own: a fresh form, not the last one's "check your mail"
        open_page(tab, "/register")
        _fill_registration(tab, login=f"often{uuid.uuid4().hex[:8]}", email=email)
        tab.locator("#register-submit").click()
        return tab

    for _ in range(5):  # the first makes the account; the others mail its owner, and look the same
        tab = submit()
        expect(tab.locator("#register-done-text")).to_have_text(t("register.done.text", email=email, hours=72))
        tab.close()
    mailbox.wait_for(to=email, count=5, timeout=30)
    texts = [body_text(m) for rcpts, m in mailbox.messages if email in rcpts]
    assert len([text for text in texts if "/activate/" in text]) == 1  # one account, four notices to its owner

    tab = submit()
    expect(tab.locator("#register-error")).to_have_text(t("register.error.too_many", minutes=60))
    expect(tab.locator("#register-done")).to_have_count(0)
