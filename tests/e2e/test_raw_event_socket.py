"""`RawEventSocket.ping`, which the crafted-event tests use instead of waiting a fixed while, against the real
shop: it returns only once the events sent before it have been handled, however long they take."""

from __future__ import annotations

import sqlite3
import threading
import time

from store_app.cart.state import CartState
from tests.e2e.conftest import LiveServer
from tests.utils.live_shop import live_product
from tests.utils.raw_event_socket import RawEventSocket, guest_cookie

HELD_SECONDS = 2.0


def test_a_ping_answers_after_an_event_that_waits_for_the_database(live_server: LiveServer) -> None:
    product = live_product(live_server, name="Медленный чайник", stock=5)
    writes = sqlite3.connect(
        live_server.db_url.removeprefix("sqlite:///"), isolation_level=None, timeout=30, check_same_thread=False
    )
    writes.execute("BEGIN IMMEDIATE")  # the cart write below waits for this lock
    let_go = threading.Timer(HELD_SECONDS, lambda: writes.execute("ROLLBACK"))
    try:
        with RawEventSocket(live_server.url, headers={"Cookie": guest_cookie(live_server.url)}) as tab:
            started = time.monotonic()
            let_go.start()
            tab.emit(f"{CartState.get_full_name()}.add", {"product_id": product.id, "quantity": 1}, path="/catalog")
            tab.ping()
            took = time.monotonic() - started
    finally:
        let_go.cancel()
        let_go.join()
        writes.close()
    assert took >= HELD_SECONDS * 0.9, f"the ping answered after {took:.2f}s, before the cart write could run"
    assert "items_count_rx_state_" in tab.received_text(), "the cart's answer is not in the updates"
    assert '"ping-' not in tab.received_text(), "the ping's own answers were left in the updates"
