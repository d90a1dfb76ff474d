"""A worker that ends while the state lease holds its tab (README "Running on PostgreSQL and Redis", state lease).
The shop stays up: its other worker goes on serving and Granian starts a worker in the ended one's place
(store_app/ops/respawn.py; as Reflex 0.10.1 starts it, Granian respawned nothing and stopped the whole shop).
SIGTERM: the worker writes the tab's kept state back and lets go of its socket, so the tab comes back with its token
and its state. SIGKILL: Reflex still finds the dead socket's record of the tab's client token, takes the tab for a
copy and gives it a new token: the tab starts from fresh state, rebuilt from its cookie and the database (logged
in, the same cart), and waits for no lock. A reload that lands on another worker gets the leased tab at once.
`lease_backends`: a 2-worker backend whose workers the tests end, a 1-worker one for the reload, one private Redis."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import time

from store_app.cart.state import CartState
from store_app.catalog.state import CatalogState
from store_app.ops.worker_header import tab_digest
from tests.admin.e2e_steps import session_cookie_header
from tests.e2e.login_flow import PASSWORD, create_shopper
from tests.e2e.scaled.conftest import Backend, LeaseBackends
from tests.utils.live_shop import live_product, put_in_users_cart
from tests.utils.processes import children_of, is_running
from tests.utils.raw_event_socket import RawEventSocket, event_packet

SET_MAX_PRICE = f"{CatalogState.get_full_name()}.set_max_price"
MAX_PRICE_VAR = "max_price_rx_state_"
HYDRATE = "reflex___state____state.hydrate"
CATALOG_KEY = f"_{CatalogState.get_full_name()}"
LEASE_SECONDS = 5  # half of Reflex's lock expiry (redis_lock_expiration, 10 s)
LOCK_SECONDS = 10
RECONNECTS = 10


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


def _logged_in_tab(backend: Backend, name: str) -> tuple[RawEventSocket, str, str]:
    """A shopper with a product in the cart, and a tab of theirs on `backend` bound to the login session."""
    product = live_product(backend, name=f"Колонка {name}", stock=6)
    login = create_shopper(backend, first_name=name)
    put_in_users_cart(backend, login, product.id, 2)
    cookie = session_cookie_header(backend, login, PASSWORD)
    tab = RawEventSocket(backend.url, headers={"Cookie": cookie})
    tab.emit(f"{CartState.get_full_name()}.load", path="/cart")
    tab.ping()
    return tab, cookie, product.name


def _set_price_box(tab: RawEventSocket, seconds: float) -> list[str]:
    """A new value of the tab's price box every 0.4 s for `seconds`; the values set."""
    handled: list[str] = []
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        handled.append(f"price-{len(handled):02d}-mark")
        tab.emit(SET_MAX_PRICE, {"value": handled[-1]}, path="/catalog")
        tab.ping()
        time.sleep(0.4)
    return handled


def _stored_price_box(redis_client, token: str) -> bytes:  # type: ignore[no-untyped-def]
    keys = list(redis_client.scan_iter(match=f"{token}{CATALOG_KEY}"))
    return (redis_client.get(keys[0]) or b"") if keys else b""


@dataclasses.dataclass
class CameBack:
    new_token: bool  # Reflex gave the tab another client token (took it for a copy)
    price_box: str | None
    text: str = dataclasses.field(repr=False)  # everything the shop sent back, as text
    took: float


def _come_back(backend: Backend, tab: RawEventSocket, cookie: str) -> CameBack:
    """The tab's page script reconnecting to `backend` with its token (its first event in the connect packet)
    and loading the cart. A connection the ended worker took but could not answer is reset: the page script then
    tries again, and so does this."""
    started = time.monotonic()
    boot = event_packet(HYDRATE)
    for attempt in range(RECONNECTS):
        try:
            again = RawEventSocket(backend.url, token=tab.token, headers={"Cookie": cookie}, connect_event=boot)
            break
        except ConnectionError:
            if attempt == RECONNECTS - 1:
                raise
            time.sleep(0.2)
    with again:
        again.emit(f"{CartState.get_full_name()}.load", path="/cart")
        again.ping(timeout=LOCK_SECONDS + 10)
        return CameBack(
            new_token=any('"new_token"' in packet for packet in again.packets),
            price_box=_max_price(again.updates),
            text=again.received_text(),
            took=time.monotonic() - started,
        )


def _assert_replaced(backend: Backend, ended: int, others: set[int]) -> None:
    """The backend still runs, its other workers too, and a new worker has taken the ended one's place."""
    assert backend.proc is not None
    deadline = time.monotonic() + 60
    workers = {pid for pid in children_of(backend.proc.pid) if is_running(pid)}
    while (ended in workers or len(workers) != len(others) + 1) and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = {pid for pid in children_of(backend.proc.pid) if is_running(pid)}
    assert backend.proc.poll() is None, "the shop stopped with its worker"
    assert others and others < workers, "the other worker stopped"
    assert ended not in workers and len(workers) == len(others) + 1, "no worker took the ended one's place"


def test_a_reload_on_another_worker_gets_the_leased_tab_at_once(lease_backends: LeaseBackends) -> None:
    shop, other, redis_server = lease_backends.shop, lease_backends.other, lease_backends.redis
    tab, cookie, product = _logged_in_tab(shop, "Римма")
    redis_client = redis_server.client()
    handled = _set_price_box(tab, 1)  # within the lease: held in the worker's memory
    assert handled[-1].encode() not in _stored_price_box(redis_client, tab.token)
    lease_left = redis_client.pttl(f"{tab.token}_lock") / 1000 - LEASE_SECONDS
    tab.close()  # the page unloads: its socket's record goes, so the reload keeps its token
    deadline = time.monotonic() + 10
    while redis_client.exists(f"token_manager_socket_record_{tab.token}") and time.monotonic() < deadline:
        time.sleep(0.05)
    back = _come_back(other, tab, cookie)
    print(f"reload elsewhere: the lease had {lease_left:.1f} s left; came back {back}")
    assert not back.new_token and back.price_box == handled[-1]
    assert product in back.text and "Римма" in back.text
    assert back.took < lease_left, "the other worker waited for the lease to run out"


def test_a_stopped_worker_writes_its_tabs_back_and_they_come_back_whole(lease_backends: LeaseBackends) -> None:
    shop, redis_server = lease_backends.shop, lease_backends.redis
    assert shop.proc is not None
    tab, cookie, product = _logged_in_tab(shop, "Тамара")
    redis_client = redis_server.client()
    handled = _set_price_box(tab, 2)  # within the lease: held in the worker's memory
    assert handled[-1].encode() not in _stored_price_box(redis_client, tab.token)
    worker = _socket_worker(shop.log_path, tab.token)
    other_workers = set(children_of(shop.proc.pid)) - {worker}
    os.kill(worker, signal.SIGTERM)
    sent = time.monotonic()
    while is_running(worker) and time.monotonic() - sent < 30:
        time.sleep(0.05)
    ended = time.monotonic() - sent
    assert handled[-1].encode() in _stored_price_box(redis_client, tab.token), "the kept state was not written back"
    assert not redis_client.exists(f"{tab.token}_lock"), "the worker kept the tab's lock"

    back = _come_back(shop, tab, cookie)
    print(f"SIGTERM: the worker ended in {ended:.1f} s; set {handled[-1]!r}, came back {back}")
    assert ended <= 2.5
    assert not back.new_token and back.price_box == handled[-1]
    assert product in back.text and "Тамара" in back.text
    assert back.took < 5
    _assert_replaced(shop, worker, other_workers)


def test_a_killed_worker_is_replaced_and_its_tab_comes_back_with_fresh_state(lease_backends: LeaseBackends) -> None:
    shop, redis_server = lease_backends.shop, lease_backends.redis
    assert shop.proc is not None
    tab, cookie, product = _logged_in_tab(shop, "Ксения")
    redis_client = redis_server.client()
    handled = _set_price_box(tab, LEASE_SECONDS + 1.5)  # the lease written back once and taken again
    lock_left = redis_client.pttl(f"{tab.token}_lock") / 1000
    stored = _stored_price_box(redis_client, tab.token)
    written_back = [value for value in handled if value.encode() in stored]
    worker = _socket_worker(shop.log_path, tab.token)
    other_workers = set(children_of(shop.proc.pid)) - {worker}
    os.kill(worker, signal.SIGKILL)
    assert 0 < lock_left <= LOCK_SECONDS, f"the tab's lock has {lock_left} s left: no lease was held"
    assert written_back and written_back[-1] != handled[-1], "the lease wrote every value at once"

    back = _come_back(shop, tab, cookie)  # at once: the other worker answers
    print(f"SIGKILL: lock left {lock_left:.1f} s; set {handled[-1]!r}, written back {written_back[-1]!r}; {back}")
    assert back.new_token, "the tab kept its client token"
    assert back.price_box == "", f"the tab's old state came back: {back.price_box!r}"  # all of it is gone
    assert product in back.text and "Ксения" in back.text  # still logged in, the same cart: from the database
    assert back.took < lock_left, "the tab waited for the dead worker's lock"
    _assert_replaced(shop, worker, other_workers)
