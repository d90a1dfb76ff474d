"""Two-factor login in Chromium: set up in the cabinet (server-drawn QR and key, code, recovery codes shown
once as a picture and a download, never as page text),
then a login that stops after the password and finishes with an app code, and one with a recovery code."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from store_app.accounts.mfa.routes import CODES_TEXT_PATH, SETUP_KEY_PATH, SETUP_QR_PATH
from store_app.accounts.sessions.cookie import PLAIN_NAME
from store_app.core.i18n import t
from tests.accounts.mfa_helpers import code_now
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import create_shopper, log_in
from tests.e2e.views import ready


def _wait_drawn(page: Page, selector: str) -> None:
    """The <img> loaded (a refused route would leave it broken, with no natural width)."""
    page.wait_for_function(
        "s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }", arg=selector
    )


def _log_out(page: Page) -> None:
    page.locator("#cabinet-logout").click()
    expect(page.locator("#nav-login")).to_be_visible()


def _has_session(context: BrowserContext) -> bool:
    return any(cookie["name"] == PLAIN_NAME and cookie["value"] for cookie in context.cookies())


def _second_step(page: Page, context: BrowserContext, login: str, code: str) -> None:
    log_in(page, login, next_path="/cabinet")
    expect(page).to_have_url(re.compile(r"/login/?\?step=code"))
    assert not _has_session(context)  # the password alone gave no session cookie
    pending = [cookie for cookie in context.cookies() if cookie["name"] == "store_mfa_pending"]
    assert len(pending) == 1 and pending[0]["httpOnly"]
    page.locator("#login-code-code").fill(code)
    page.locator("#login-code-submit").click()
    expect(page.locator("#cabinet-login")).to_have_text(login)
    assert _has_session(context)


def test_set_up_then_log_in_with_a_code_and_with_a_recovery_code(
    page: Page, context: BrowserContext, live_server: LiveServer
) -> None:
    login = create_shopper(live_server)
    log_in(page, login, next_path="/cabinet")
    expect(page.locator("#cabinet-login")).to_have_text(login)
    ready(page)  # the 2FA card's own on_load has run too
    page.locator("#cabinet-mfa-start").click()
    # The QR and the key are pictures of session-checked routes, drawn (and shown) in the page.
    expect(page.locator("#cabinet-mfa-qr")).to_have_attribute("src", re.compile(re.escape(SETUP_QR_PATH)))
    _wait_drawn(page, "#cabinet-mfa-qr")
    _wait_drawn(page, "#cabinet-mfa-secret")
    key = context.request.get(page.locator("#cabinet-mfa-secret").get_attribute("src") or "")
    assert key.ok and key.headers["cache-control"] == "no-store"
    secret = "".join(re.sub(r"<[^>]+>", " ", key.text()).split())
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert secret not in page.content()  # never text of the page (nor of a var)
    page.locator("#cabinet-mfa-confirm-code").fill("000000" if code_now(secret) != "000000" else "111111")
    page.locator("#cabinet-mfa-confirm-submit").click()
    expect(page.locator("#cabinet-mfa-confirm-code-error")).to_have_text(t("mfa.error.wrong_code"))
    page.locator("#cabinet-mfa-confirm-code").fill(code_now(secret))
    page.locator("#cabinet-mfa-confirm-submit").click()
    expect(page.locator("#cabinet-mfa-codes")).to_be_visible()
    _wait_drawn(page, "#cabinet-mfa-codes")
    with page.expect_download() as download:
        page.locator("#cabinet-mfa-codes-download").click()
    codes = Path(download.value.path()).read_text().split()
    assert len(codes) == 10 and not any(code in page.content() for code in codes)
    expect(page.locator("#cabinet-mfa-on")).to_be_visible()
    expect(page.locator("#cabinet-mfa-secret")).to_have_count(0)  # the key is gone once confirmed
    assert context.request.get(SETUP_KEY_PATH).status == 404  # and its route draws it no more
    page.locator("#cabinet-mfa-codes-done").click()
    expect(page.locator("#cabinet-mfa-codes")).to_have_count(0)
    assert context.request.get(CODES_TEXT_PATH).status == 404  # saved: the sealed copy is gone

    _log_out(page)
    # The confirming code's step is spent; the next step's code is what the phone shows soon.
    _second_step(page, context, login, code_now(secret, steps_ahead=1))

    _log_out(page)
    _second_step(page, context, login, codes[0])
    expect(page.locator("#cabinet-mfa-left")).to_contain_text("9")
