"""Redis restarts (everything it held is gone) while a shopper is connected: the shopper stays logged in
with the same cart, on the open socket and after a reconnect, because sessions and carts live in the
database. A backend of its own with 2 workers on PostgreSQL and a private redis-server (the machine's
Redis is never restarted), started in the background with the session's shops (`restart_backend`)."""

from __future__ import annotations

from store_app.cart.state import CartState
from tests.admin.e2e_steps import session_cookie_header
from tests.e2e.login_flow import PASSWORD, create_shopper
from tests.e2e.scaled.conftest import Backend
from tests.utils.live_shop import live_product, put_in_users_cart
from tests.utils.raw_event_socket import RawEventSocket


def _open_cart(socket: RawEventSocket) -> str:
    """What the cart page's load sends back (as text)."""
    socket.updates.clear()
    socket.emit(f"{CartState.get_full_name()}.load", path="/cart")
    socket.ping()
    return socket.received_text()


def test_a_redis_restart_keeps_the_shopper_logged_in_with_the_cart(restart_backend: Backend) -> None:
    server, redis_server = restart_backend, restart_backend.redis
    assert redis_server is not None
    product = live_product(server, name="Роутер Restart", stock=7)
    login = create_shopper(server, first_name="Зоя")
    put_in_users_cart(server, login, product.id, 2)
    cookie = session_cookie_header(server, login, PASSWORD)

    tab = RawEventSocket(server.url, headers={"Cookie": cookie})
    before = _open_cart(tab)
    assert "Роутер Restart" in before and "Зоя" in before
    assert redis_server.client().dbsize() > 0

    redis_server.restart()
    assert redis_server.client().dbsize() == 0

    # The open tab's next event: its state is rebuilt from the cookie and the database.
    after = _open_cart(tab)
    assert "Роутер Restart" in after and '"quantity":2' in after.replace(" ", "") and "Зоя" in after
    tab.close()
    # A new tab after the restart sees the same.
    with RawEventSocket(server.url, headers={"Cookie": cookie}) as new_tab:
        again = _open_cart(new_tab)
    assert "Роутер Restart" in again and "Зоя" in again
    assert redis_server.client().dbsize() > 0, "the shop did not go back to keeping state in Redis"
