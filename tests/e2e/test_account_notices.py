"""Email change and the new-device notice in Chromium with a real SMTP mailbox (issue 14): the cabinet form,
the link mailed to the new address, the notices to the old one, and a second browser's login."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from store_app.core.db import build_engine
from store_app.core.i18n import t
from store_app.mail.models import MailMessage
from tests.e2e.cabinet_flow import PASSWORD, account, make_account, wait_for_mail
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import log_in
from tests.e2e.views import ready
from tests.utils.mailbox import Mailbox, body_text

LINK = re.compile(r"https?://[^\s\"<>]+/email-change/[A-Za-z0-9_-]+")


def _notices_queued(live_server: LiveServer, email: str) -> int:
    engine = build_engine(live_server.db_url)
    try:
        with Session(engine) as session:
            query = select(MailMessage).where(MailMessage.recipient == email, MailMessage.template == "security_notice")
            return len(session.exec(query).all())
    finally:
        engine.dispose()


def _open_cabinet(page: Page, login: str) -> None:
    log_in(page, login, PASSWORD, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    ready(page)  # every card's on_load has run: a form filled before its load would be emptied by it


def test_an_email_change_waits_for_the_link_and_tells_the_old_address(
    page: Page, live_server: LiveServer, mailbox: Mailbox
) -> None:
    login = make_account(live_server, confirmed=True)
    old, new = f"{login}@example.com", f"new.{login}@example.com"
    _open_cabinet(page, login)
    page.locator("#email-change-new-email").fill(f"  new.{login}@Example.COM ")
    page.locator("#email-change-password").fill("not-my-password-1")
    page.locator("#cabinet-email-submit").click()
    expect(page.locator("#email-change-password-error")).to_have_text(t("password_change.error.old_wrong"))

    page.locator("#email-change-password").fill(PASSWORD)
    page.locator("#cabinet-email-submit").click()
    expect(page.locator("#cabinet-email-notice")).to_contain_text(f"new.{login}@example.com")
    expect(page.locator("#email-change-password")).to_have_value("")
    expect(page.locator("#cabinet-email")).to_have_text(old)  # nothing changed yet
    notice = body_text(wait_for_mail(mailbox, to=old, subject_part="Запрошена смена адреса почты"))
    assert f"new.{login}@example.com" in notice and "Chrome" in notice
    link_mail = wait_for_mail(mailbox, to=new, subject_part="Подтвердите новый адрес почты")
    found = LINK.search(body_text(link_mail))
    assert found
    assert account(live_server, login)[0].email == old  # type: ignore[union-attr]

    page.goto(found.group(0))
    expect(page.locator("#email-change-changed")).to_be_visible()
    assert account(live_server, login)[0].email.lower() == new  # type: ignore[union-attr]
    changed = body_text(wait_for_mail(mailbox, to=old, subject_part="Адрес почты изменён"))
    assert "IP" in changed and "/cabinet#cabinet-sessions" in changed
    page.goto(found.group(0))
    expect(page.locator("#email-change-invalid")).to_be_visible()  # the link worked once
    page.goto("/cabinet")
    expect(page.locator("#cabinet-email")).to_have_text(f"new.{login}@example.com")
    expect(page.locator("#cabinet-login")).to_have_text(login)  # the session stayed


def test_a_second_browser_gets_a_new_device_mail_and_the_first_does_not(
    page: Page, browser: Browser, live_server: LiveServer, mailbox: Mailbox
) -> None:
    login = make_account(live_server, confirmed=True)
    email = f"{login}@example.com"
    _open_cabinet(page, login)  # the first login: no notice
    device = [c for c in page.context.cookies() if c["name"].endswith("store_device")]
    assert len(device) == 1 and device[0]["httpOnly"] and device[0]["sameSite"] in ("Strict", "Lax")
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    other = browser.new_context(base_url=live_server.url, user_agent=firefox)
    try:
        second = other.new_page()
        _open_cabinet(second, login)
        notice = body_text(wait_for_mail(mailbox, to=email, subject_part="Вход с нового устройства"))
        assert "Firefox 128 · Windows" in notice and "/cabinet#cabinet-sessions" in notice
    finally:
        other.close()
    assert _notices_queued(live_server, email) == 1
    page.locator("#cabinet-logout").click()
    expect(page.locator("#nav-login")).to_be_visible()
    _open_cabinet(page, login)  # the first browser again, with its device cookie
    # The notice would be queued in the login's own transaction: the outbox says at once.
    assert _notices_queued(live_server, email) == 1
