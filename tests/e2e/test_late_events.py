"""A tab's old connection cannot log out the tab its new one just logged in (issue 18), against the real shop.

The login form posts natively, so the page reloads and the tab (same client token) comes back over a
new websocket. An event of the old connection can still run after that: queued behind a slow one, or
chained by one that ends late. Taken for a newcomer, it used to reset the freshly logged-in tab and
bind it to the dead connection: the navbar showed a guest right after the login (seen under load).
Here the order is made certain: the shop's writes wait for a lock this test holds.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import reflex as rx

from store_app.accounts.sessions.state import SessionState
from store_app.cart.state import CartState
from store_app.ui.language import LanguageState
from store_app.ui.state import ShellState
from tests.e2e.cabinet_flow import make_account
from tests.e2e.conftest import LiveServer
from tests.e2e.test_session_security import _cookie_of
from tests.utils.live_shop import live_product
from tests.utils.raw_event_socket import RawEventSocket, event_packet, guest_cookie

FIRST_NAME = "Вера"  # make_account's
HELD_SECONDS = 3.0


def _shown(socket: RawEventSocket, state: type[rx.State], var: str) -> list[object]:
    """Every value of `state.var` the socket was sent, in order."""
    name, key = state.get_full_name(), f"{var}_rx_state_"
    deltas = [update.get("delta", {}).get(name, {}) for update in socket.updates]
    return [delta[key] for delta in deltas if key in delta]


def test_a_late_event_of_the_old_connection_leaves_the_new_login_in_place(live_server: LiveServer) -> None:
    cookie = _cookie_of(live_server, make_account(live_server))
    product = live_product(live_server, name="Поздний чайник", stock=5)
    writes = sqlite3.connect(
        live_server.db_url.removeprefix("sqlite:///"), isolation_level=None, timeout=30, check_same_thread=False
    )
    writes.execute("BEGIN IMMEDIATE")  # from now on every write of the shop waits for this test
    let_go = threading.Timer(HELD_SECONDS, lambda: writes.execute("ROLLBACK"))
    try:
        # The login page's connection, a guest's.
        with RawEventSocket(live_server.url, headers={"Cookie": guest_cookie(live_server.url)}) as old:
            # A write: it waits for the lock, holding the tab's turn; the next event queues behind it and,
            # once it runs, chains the page's on_load events, which then come after the new page's event.
            old.emit(f"{CartState.get_full_name()}.add", {"product_id": product.id, "quantity": 1}, path="/catalog")
            old.emit(f"{LanguageState.get_full_name()}.choose", {"lang": "ru"}, path="/catalog")
            old.settle(0.5)
            assert _shown(old, CartState, "added_message") == [], "the cart write did not wait: nothing is late"
        let_go.start()
        time.sleep(0.5)  # the shop sees the old connection close first, as with a page that reloads
        # The reloaded page: the same tab over a new connection, with the session cookie the login set.
        first = event_packet(f"{SessionState.get_full_name()}.sync", path="/")
        with RawEventSocket(live_server.url, token=old.token, headers={"Cookie": cookie}, connect_event=first) as new:
            new.ping()  # queued behind the old connection's late events (the tab's one queue): they have run
    finally:
        let_go.cancel()
        let_go.join()
        writes.close()
    assert '"new_token"' not in "\n".join(new.packets), "the new connection got another token: nothing was tested"
    names = _shown(new, ShellState, "user_name")
    assert FIRST_NAME in names, f"the new connection never showed the login: {names}"
    assert names[names.index(FIRST_NAME) :] == [FIRST_NAME], f"the tab was logged out again: {names}"
