"""Staff read the mail outbox (SPEC D2): newest first, filtered by status, a message's text on click."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from store_app.accounts.demo_accounts import DEMO_ADMIN
from store_app.core.i18n import t
from store_app.mail.models import MailMessage
from store_app.mail.redaction import MASK
from tests.admin.e2e_steps import log_in_as_admin
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import create_shopper
from tests.utils.live_shop import live_session


def _delivered_latest(live_server: LiveServer) -> MailMessage:
    """The newest message once the delivery job has dealt with it (its status no longer moves)."""
    deadline = time.monotonic() + 30
    while True:
        with live_session(live_server) as session:
            message = session.exec(select(MailMessage).order_by(col(MailMessage.id).desc())).first()
        assert message is not None
        if message.status != "pending" or time.monotonic() > deadline:
            return message
        time.sleep(0.5)


def test_staff_see_the_newest_mail_first_and_read_its_text(page: Page, live_server: LiveServer) -> None:
    login = create_shopper(live_server)  # queues the activation mail
    message = _delivered_latest(live_server)
    assert message.recipient == f"{login}@example.com"
    log_in_as_admin(page, next_path="/admin/mail")
    # The admin's own login may have queued a newer "new device" notice to the admin: skip those.
    newest_to_others = page.locator(".mail-row").filter(has_not_text=DEMO_ADMIN["email"]).first
    expect(newest_to_others).to_contain_text(message.recipient)

    page.locator(f"#mail-show-{message.id}").click()
    expect(page.locator("#mail-body")).to_contain_text(message.text_body.strip().splitlines()[0])
    # An activation link would open the account: staff see it masked (issue 9 §3).
    expect(page.locator("#mail-body")).to_contain_text(MASK)
    expect(page.locator("#mail-body")).not_to_contain_text("/activate/")

    other = "failed" if message.status != "failed" else "sent"
    page.locator("#mail-status-filter").select_option(other)
    expect(page.locator(f"#mail-show-{message.id}")).to_have_count(0)
    page.locator("#mail-status-filter").select_option(message.status)
    # The status in the interface language, the filter's options too (issue 17).
    expect(page.locator(f"#mail-status-{message.id}")).to_have_text(t(f"admin.mail.status.{message.status}"))
    expect(page.locator(f"#mail-status-filter option[value='{message.status}']")).to_have_text(
        t(f"admin.mail.status.{message.status}")
    )
