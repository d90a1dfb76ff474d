"""'Back in stock' mail for favourites in the live shop: a shopper asks on /favourites, staff restock the
product in /admin/products, the mail arrives over SMTP with the product's link; crafted events cannot
ask for it in another shopper's name."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from store_app.accounts.models import User
from store_app.catalog.restock import asked_back_in_stock
from store_app.catalog.saved import Owner, toggle
from store_app.catalog.saved_models import SavedList
from store_app.catalog.saved_state import SavedState
from store_app.core.i18n import t
from tests.admin.e2e_steps import log_in_as_admin
from tests.e2e.cabinet_flow import make_account, wait_for_mail
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import log_in
from tests.e2e.test_session_security import _cookie_of
from tests.e2e.views import open_page
from tests.utils.live_shop import live_product, live_session
from tests.utils.mailbox import Mailbox, body_text
from tests.utils.raw_event_socket import RawEventSocket, guest_cookie

TOGGLE = f"{SavedState.get_full_name()}.toggle_back_in_stock"


def _user_id(live_server: LiveServer, login: str) -> int:
    with live_session(live_server) as session:
        return session.exec(select(User.id).where(User.login == login)).one() or 0


def _asked(live_server: LiveServer, login: str) -> list[int]:
    with live_session(live_server) as session:
        return asked_back_in_stock(session=session, user_id=_user_id(live_server, login))


def test_a_shopper_asks_on_favourites_and_a_staff_restock_mails_them(
    page: Page, browser: Browser, live_server: LiveServer, mailbox: Mailbox
) -> None:
    product = live_product(live_server, name=f"Наушники Тишина {uuid.uuid4().hex[:6]}", stock=0)
    login = make_account(live_server, confirmed=True)
    log_in(page, login, next_path=f"/product/{product.slug}")
    page.locator("#product-favourite").click()
    expect(page.locator("#product-restock")).to_have_text(t("restock.ask"))
    open_page(page, "/favourites")
    ask = page.locator(f"#favourites-grid-restock-{product.slug}")
    ask.click()
    expect(ask).to_have_text(t("restock.cancel"))
    expect(page.locator("#favourites-grid .restock-asked")).to_have_text(t("restock.asked"))
    assert _asked(live_server, login) == [product.id]

    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    try:
        admin = staff.new_page()
        log_in_as_admin(admin, next_path="/admin/products")
        open_page(admin, f"/admin/products?edit={product.id}")
        expect(admin.locator("#product-form-name")).to_have_value(product.name)
        admin.locator("#product-form-stock").fill("7")
        admin.locator("#product-form-save").click()
        expect(admin.locator("#products-notice")).to_have_text(t("admin.products.saved"))
    finally:
        staff.close()

    mail = wait_for_mail(mailbox, to=f"{login}@example.com", subject_part="снова в продаже")
    assert product.name in mail["Subject"]
    assert f"{live_server.env['PUBLIC_URL']}/product/{product.slug}" in body_text(mail)
    assert _asked(live_server, login) == []  # spent: sent once
    open_page(page, "/favourites")  # in stock now: nothing to ask for
    expect(page.locator(f"#favourites-grid-add-{product.slug}")).to_be_enabled()
    expect(page.locator(f"#favourites-grid-restock-{product.slug}")).to_have_count(0)


def test_crafted_events_cannot_ask_in_another_shoppers_name(live_server: LiveServer) -> None:
    product = live_product(live_server, name=f"Колонка {uuid.uuid4().hex[:6]}", stock=0)
    victim, other = make_account(live_server), make_account(live_server)
    with live_session(live_server) as session:
        owner = Owner(user_id=_user_id(live_server, victim))
        toggle(session=session, owner=owner, list_name=SavedList.FAVOURITES, product_id=product.id or 0)
        session.commit()
    payload = {"product_id": product.id}
    with RawEventSocket(live_server.url, headers={"Cookie": guest_cookie(live_server.url)}) as guest:
        guest.emit(TOGGLE, payload, path="/favourites")
        guest.emit(f"{SavedState.get_full_name()}.setvar", {"var_name": "waiting", "value": [product.id]})
        guest.ping()
        assert t("restock.login") in guest.received_text()
    with RawEventSocket(live_server.url, headers={"Cookie": _cookie_of(live_server, other)}) as stranger:
        stranger.emit(TOGGLE, payload, path="/favourites")  # not their favourite: refused
        stranger.ping()
        assert t("restock.error.not_favourite") in stranger.received_text()
    assert _asked(live_server, victim) == [] and _asked(live_server, other) == []

    # The victim's own logged-in tab can: the refusals above were the rule, not a broken handler.
    with RawEventSocket(live_server.url, headers={"Cookie": _cookie_of(live_server, victim)}) as own:
        own.emit(TOGGLE, payload, path="/favourites")
        own.ping()
    assert _asked(live_server, victim) == [product.id]
