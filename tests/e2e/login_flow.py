"""Shared steps of the login browser tests: accounts made in the live shop's database, logging in
through the page, and reading the session cookie and login sessions back."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import col, select

from store_app.accounts.models import User
from store_app.accounts.registration.service import register_user
from store_app.accounts.sessions.cookie import PLAIN_NAME
from store_app.accounts.sessions.models import LoginSession
from tests.e2e.conftest import LiveServer
from tests.e2e.views import open_page
from tests.utils.factories import registration
from tests.utils.live_shop import live_session

PASSWORD = "quartz-meadow-93-violin"


def create_shopper(live_server: LiveServer, *, first_name: str = "Полина") -> str:
    """A freshly registered (email not yet confirmed) shopper in the live shop; returns the login."""
    login = f"user{uuid.uuid4().hex[:10]}"
    data = registration(
        first_name=first_name,
        last_name="Кузнецова",
        patronymic="",
        login=login,
        email=f"{login}@example.com",
        password=PASSWORD,
        password_repeat=PASSWORD,
    )
    with live_session(live_server) as session:
        # An address of its own, so the shops's per-IP sign-up limit never counts the tests' set-up.
        register_user(session=session, data=data, ip=f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.1")
        session.commit()
    return login


def log_in(page: Page, login: str, password: str = PASSWORD, *, next_path: str = "") -> None:
    """Fill and send the login form, once the page is filled in (it knows where to go back to)."""
    open_page(page, f"/login?next={next_path}" if next_path else "/login")
    if next_path:
        expect(page.locator("#login input[name=next]")).to_have_value(next_path)
    page.locator("#login-identifier").fill(login)
    page.locator("#login-password").fill(password)
    page.locator("#login-submit").click()


def session_cookie(context: BrowserContext) -> dict:  # type: ignore[type-arg]
    cookies = [cookie for cookie in context.cookies() if cookie["name"] == PLAIN_NAME]
    assert len(cookies) == 1, cookies
    return dict(cookies[0])


def running_sessions(live_server: LiveServer, login: str) -> list[LoginSession]:
    with live_session(live_server) as session:
        user = session.exec(select(User).where(User.login == login)).one()
        query = select(LoginSession).where(LoginSession.user_id == user.id, col(LoginSession.ended_at).is_(None))
        return list(session.exec(query))


def replay_cookie_is_refused(browser: Browser, live_server: LiveServer, cookie: dict) -> None:  # type: ignore[type-arg]
    """A fresh browser holding only `cookie` opens /cabinet and is sent to the login page."""
    replay = browser.new_context(base_url=live_server.url)
    try:
        replay.add_cookies([cookie])  # type: ignore[list-item]
        replayed = replay.new_page()
        replayed.goto("/cabinet")
        expect(replayed).to_have_url(re.compile(r"/login"))
        expect(replayed.locator("#nav-login")).to_be_visible()
    finally:
        replay.close()
