"""Steps the admin browser tests share: logging in as the demo admin or a shopper, their session
cookie for a raw websocket, and an order placed in the live shop."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid

from playwright.sync_api import Page, expect

from store_app.accounts.demo_accounts import DEMO_ADMIN
from store_app.cart.service import CartOwner, add_to_cart
from store_app.orders.contact import OrderContact
from store_app.orders.service import place_order
from tests.e2e.conftest import LiveServer
from tests.e2e.login_flow import log_in
from tests.e2e.views import arrived_at
from tests.utils.factories import make_product, make_user
from tests.utils.live_shop import live_session


def log_in_as_admin(page: Page, *, next_path: str = "/admin") -> None:
    """Log in on /login and wait until `next_path` is open and filled in."""
    log_in(page, DEMO_ADMIN["login"], DEMO_ADMIN["password"], next_path=next_path)
    expect(page.locator("#nav-admin")).to_be_visible()
    arrived_at(page, next_path)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def session_cookie_header(live_server: LiveServer, login: str, password: str) -> str:
    """The session cookie the browser login route hands out, as a Cookie header value."""
    form = urllib.parse.urlencode({"identifier": login, "password": password}).encode()
    request = urllib.request.Request(
        live_server.url + "/api/v1/auth/browser/login", data=form, headers={"Origin": live_server.url}, method="POST"
    )
    try:
        response = urllib.request.build_opener(_NoRedirect).open(request, timeout=15)
    except urllib.error.HTTPError as error:
        response = error
    set_cookie = response.headers.get("set-cookie", "")
    assert response.status == 303 and set_cookie, "login refused"
    return set_cookie.split(";")[0]


def place_live_order(live_server: LiveServer) -> tuple[int, str]:
    """A new order by a fresh shopper in the live shop; returns its id and number."""
    with live_session(live_server) as session:
        user = make_user(session, login=f"buyer{uuid.uuid4().hex[:8]}")
        product = make_product(session, slug=f"admin-test-{uuid.uuid4().hex[:8]}", stock=20)
        add_to_cart(session=session, owner=CartOwner(user_id=user.id), product_id=product.id, quantity=1)
        order = place_order(
            session=session, user_id=user.id, contact=OrderContact(name="Анна", phone="+79161234567", address="Москва")
        )
        session.commit()
        return order.id or 0, order.number
