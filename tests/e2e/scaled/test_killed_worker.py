"""A worker killed with SIGKILL while the state lease holds its tab (README "Running on PostgreSQL and Redis", state
lease). Granian, as Reflex 0.10.1 starts it, respawns no worker: it stops the shop's other workers and exits. When
the tab comes back to a shop on the same Redis, Reflex still finds the dead socket's record of its client token,
takes the tab for a copy and gives it a new token: the tab starts from fresh state, rebuilt from its cookie and the
database (logged in, the same cart), and waits for no lock. `lease_backends`: a 2-worker backend whose worker the
test kills and a second backend standing in for the shop started again, one private redis-server."""

from __future__ import annotations

import os
import re
import signal
import time

from store_app.cart.state import CartState
from store_app.catalog.state import CatalogState
from store_app.ops.worker_header import tab_digest
from tests.admin.e2e_steps import session_cookie_header
from tests.e2e.login_flow import PASSWORD, create_shopper
from tests.e2e.scaled.conftest import LeaseBackends
from tests.utils.live_shop import live_product, put_in_users_cart
from tests.utils.processes import children_of, is_running
from tests.utils.raw_event_socket import RawEventSocket, event_packet

SET_MAX_PRICE = f"{CatalogState.get_full_name()}.set_max_price"
MAX_PRICE_VAR = "max_price_rx_state_"
HYDRATE = "reflex___state____state.hydrate"
CATALOG_KEY = f"_{CatalogState.get_full_name()}"
LEASE_SECONDS = 5  # half of Reflex's lock expiry (redis_lock_expiration, 10 s)
LOCK_SECONDS = 10


def _socket_worker(log_path, token: str) -> int:  # type: ignore[no-untyped-def]
    found = re.findall(rf"worker (\d+) accepted the event socket of tab {tab_digest(token)}\b", log_path.read_text())
    assert found, "no worker logged this tab's event socket"
    return int(found[-1])


def _max_price(updates: list[dict]) -> str | None:
    for update in reversed(updates):
        catalog = update.get("delta", {}).get(CatalogState.get_full_name(), {})
        if MAX_PRICE_VAR in catalog:
            return catalog[MAX_PRICE_VAR]
    return None


def test_a_killed_worker_stops_its_shop_and_its_tab_comes_back_with_fresh_state(
    lease_backends: LeaseBackends,
) -> None:
    first, second, redis_server = lease_backends.first, lease_backends.second, lease_backends.redis
    assert first.proc is not None
    product = live_product(first, name="Колонка Kill", stock=6)
    login = create_shopper(first, first_name="Ксения")
    put_in_users_cart(first, login, product.id, 2)
    cookie = session_cookie_header(first, login, PASSWORD)
    tab = RawEventSocket(first.url, headers={"Cookie": cookie})
    redis_client = redis_server.client()
    tab.emit(f"{CartState.get_full_name()}.load", path="/cart")  # the tab is bound to its login session
    tab.ping()
    # A new value of the tab's price box every 0.4 s until the lease has been written back once and taken again.
    handled: list[str] = []
    started = time.monotonic()
    while time.monotonic() - started < LEASE_SECONDS + 1.5:
        handled.append(f"price-{len(handled):02d}-mark")
        tab.emit(SET_MAX_PRICE, {"value": handled[-1]}, path="/catalog")
        tab.ping()
        time.sleep(0.4)
    lock_left = redis_client.pttl(f"{tab.token}_lock") / 1000
    stored = redis_client.get(next(redis_client.scan_iter(match=f"{tab.token}{CATALOG_KEY}"))) or b""
    written_back = [value for value in handled if value.encode() in stored]
    killed_worker = _socket_worker(first.log_path, tab.token)
    other_workers = set(children_of(first.proc.pid)) - {killed_worker}
    os.kill(killed_worker, signal.SIGKILL)
    killed = time.monotonic()
    assert 0 < lock_left <= LOCK_SECONDS, f"the tab's lock has {lock_left} s left: no lease was held"
    assert written_back and written_back[-1] != handled[-1], "the lease wrote every value at once"

    # Granian respawns nothing: the shop's other worker stops and the server exits.
    first.proc.wait(timeout=30)
    stopped = time.monotonic() - killed
    assert other_workers and not any(is_running(pid) for pid in other_workers)

    # The tab comes back (the page script reconnects with its token) to the shop on the same Redis.
    boot = event_packet(HYDRATE)  # the page script's first event rides in the connect packet
    with RawEventSocket(second.url, token=tab.token, headers={"Cookie": cookie}, connect_event=boot) as again:
        again.emit(f"{CartState.get_full_name()}.load", path="/cart")
        again.ping(timeout=LOCK_SECONDS + 10)
        answered = time.monotonic() - killed
        new_tokens = [packet for packet in again.packets if '"new_token"' in packet]
        seen = _max_price(again.updates)
        text = again.received_text()
    print(
        f"lock left at the kill {lock_left:.1f} s; the shop exited {stopped:.1f} s after the kill; the tab came back"
        f" answered {answered:.1f} s after it, with a new token: {bool(new_tokens)}; price box {seen!r} (set"
        f" {handled[-1]!r}, written back {written_back[-1]!r})"
    )
    assert new_tokens, "the tab kept its client token"
    assert seen == "", f"the tab's old state came back: {seen!r}"  # all of it is gone, not only the lease's
    assert "Колонка Kill" in text and "Ксения" in text  # still logged in, the same cart: from the database
    assert answered < lock_left + stopped, "the tab waited for the dead worker's lock"
