"""The PostgreSQL pool on a real server: a fixed set of connections under a burst, and connections the
server killed (README "Running on PostgreSQL and Redis", issue 10)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from store_app.cart.service import CartOwner, add_to_cart, get_cart, new_guest_key, set_quantity
from store_app.core import db
from store_app.core.db import build_engine, driver_url, get_engine, session_scope
from store_app.core.i18n import t
from store_app.core.settings import PROJECT_ROOT, get_settings
from store_app.ui.bridge import attempt
from tests.utils.databases import postgres_test_url
from tests.utils.factories import make_product

pytestmark = pytest.mark.postgres
POOL = 4


@pytest.fixture
def shop_on_postgres(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The shop's own engine (`get_engine`) on a throwaway PostgreSQL database with a pool of `POOL`."""
    with postgres_test_url() as url:
        monkeypatch.setenv("DB_URL", url)
        monkeypatch.setenv("DB_POOL_SIZE", str(POOL))
        get_settings.cache_clear()
        get_engine.cache_clear()
        yield url
        get_engine().dispose()


def _backend_pid(_: int) -> int:
    with session_scope() as session:
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        time.sleep(0.05)  # held a moment, as a transaction in flight is
        return pid


def _held_until(held: threading.Barrier, release: threading.Event) -> None:
    """A transaction that holds its pooled connection until `release` (an event in flight, as the pool sees it)."""
    with session_scope() as session:
        session.connection().exec_driver_sql("SELECT 1")
        held.wait(timeout=10)
        release.wait(timeout=20)


def _own_backend_pid(*, session) -> int:  # type: ignore[no-untyped-def]
    return session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()


def _an_event_while_the_pool_is_in_use(seconds_until_given_back: float) -> tuple[object, float]:
    """Every pooled connection held by another transaction; an event's service call (the bridge every state
    uses) starts, and the connections come back after `seconds_until_given_back`. Its outcome and its wait."""
    held, release = threading.Barrier(POOL + 1), threading.Event()
    with ThreadPoolExecutor(max_workers=POOL) as threads:
        holders = [threads.submit(_held_until, held, release) for _ in range(POOL)]
        held.wait(timeout=10)
        timer = threading.Timer(seconds_until_given_back, release.set)
        timer.start()
        started = time.monotonic()
        try:
            outcome = asyncio.run(attempt(_own_backend_pid, where="an event beyond the pool"))
        finally:
            waited = time.monotonic() - started
            release.set()
            timer.cancel()
        for holder in holders:
            holder.result()
    return outcome, waited


def test_the_pool_waits_30_seconds_for_a_connection_as_the_readme_says(shop_on_postgres: str) -> None:
    assert get_engine().pool.timeout() == db.POOL_TIMEOUT_SECONDS == 30
    assert f"an event beyond them waits for one (up to {db.POOL_TIMEOUT_SECONDS} s," in " ".join(
        (PROJECT_ROOT / "README.md").read_text().split()
    )


def test_an_event_beyond_the_pool_gets_the_first_connection_given_back(
    shop_on_postgres: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "POOL_TIMEOUT_SECONDS", 8)  # read when the engine is built (after the fixture)
    outcome, waited = _an_event_while_the_pool_is_in_use(seconds_until_given_back=1.0)
    assert outcome.ok and isinstance(outcome.value, int), outcome
    assert 0.9 <= waited < 8, f"waited {waited:.2f} s"  # it waited for the connection, not for the timeout


def test_an_event_that_waits_too_long_gets_the_generic_error_instead_of_hanging(
    shop_on_postgres: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(db, "POOL_TIMEOUT_SECONDS", 1)
    with caplog.at_level(logging.ERROR, logger="store_app.ui.bridge"):
        outcome, waited = _an_event_while_the_pool_is_in_use(seconds_until_given_back=15.0)
    assert not outcome.ok and outcome.message == t("error.unexpected")
    assert 1 <= waited < 5, f"waited {waited:.2f} s"
    assert "an event beyond the pool failed: TimeoutError" in caplog.text  # SQLAlchemy's, by class only


def _kill_shop_connections(url: str) -> int:
    """pg_terminate_backend on every other connection to the database: a restart, as the shop sees it."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            killed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        admin.dispose()
    return killed


def _guest_cart_with_a_line() -> tuple[CartOwner, int]:
    owner = CartOwner(guest_key=new_guest_key())
    with session_scope() as session:
        product = make_product(session, stock=5)
        add_to_cart(session=session, owner=owner, product_id=product.id, quantity=2)
    return owner, product.id


def _cart_lines(owner: CartOwner) -> list[tuple[int, int]]:
    with session_scope() as session:
        return [(line.product_id, line.quantity) for line in get_cart(session=session, owner=owner).lines]


def test_a_burst_beyond_the_pool_waits_for_its_connections_instead_of_opening_more(shop_on_postgres: str) -> None:
    # Three times as many transactions at once as the pool holds, twice, the first of them the
    # engine's first use: the pool used to open extra connections for a burst and close them again
    # afterwards (a new server process each time), and concurrent first uses each built an engine.
    with ThreadPoolExecutor(max_workers=3 * POOL) as threads:
        first = set(threads.map(_backend_pid, range(6 * POOL)))
        second = set(threads.map(_backend_pid, range(6 * POOL)))
    assert len(first) <= POOL
    assert second == first


def test_connections_killed_while_idle_are_replaced_before_use(
    shop_on_postgres: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.2)
    owner, product_id = _guest_cart_with_a_line()
    with ThreadPoolExecutor(max_workers=POOL) as threads:  # every pooled connection used once
        list(threads.map(_backend_pid, range(POOL)))
    assert _kill_shop_connections(shop_on_postgres) >= POOL
    time.sleep(0.3)
    # Each checkout finds its connection dead by the ping and takes a new one: no transaction fails.
    with ThreadPoolExecutor(max_workers=POOL) as threads:
        seen = list(threads.map(lambda _: _cart_lines(owner), range(2 * POOL)))
    assert seen == [[(product_id, 2)]] * (2 * POOL)


def test_connections_killed_right_after_use_fail_at_most_one_transaction(
    shop_on_postgres: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 60.0)  # nothing is pinged
    owner, product_id = _guest_cart_with_a_line()
    with ThreadPoolExecutor(max_workers=POOL) as threads:
        list(threads.map(_backend_pid, range(POOL)))
    assert _kill_shop_connections(shop_on_postgres) >= POOL
    outcomes = []
    for _ in range(2 * POOL):
        try:
            outcomes.append(_cart_lines(owner))
        except OperationalError as error:
            assert error.connection_invalidated  # seen as a disconnect: the pool is renewed
            outcomes.append("failed")
    # The first transaction meets a dead connection; SQLAlchemy then discards every connection the
    # pool opened before that failure, so the other dead ones are never used.
    assert outcomes[0] in ("failed", [(product_id, 2)])
    assert outcomes[1:] == [[(product_id, 2)]] * (2 * POOL - 1)


def test_every_postgresql_url_runs_on_psycopg_3(shop_on_postgres: str) -> None:
    as_psycopg2 = shop_on_postgres.replace("postgresql+psycopg://", "postgresql+psycopg2://")
    for url in (shop_on_postgres, as_psycopg2, shop_on_postgres.replace("postgresql+psycopg://", "postgresql://")):
        assert driver_url(url) == shop_on_postgres
        engine = build_engine(url)
        assert engine.dialect.driver == "psycopg"
        engine.dispose()
    assert driver_url("sqlite:///data/store.db") == "sqlite:///data/store.db"


def test_a_repeated_cart_click_runs_statements_prepared_on_the_server(shop_on_postgres: str) -> None:
    # Parsing and planning a statement anew was half of PostgreSQL's CPU per cart event (issue 10).
    owner, product_id = _guest_cart_with_a_line()
    for quantity in (1, 2) * 4:  # one after another: the pool hands out the same connection each time
        with session_scope() as session:
            set_quantity(session=session, owner=owner, product_id=product_id, quantity=quantity)
    with session_scope() as session:
        prepared = session.connection().exec_driver_sql("SELECT statement FROM pg_prepared_statements").scalars()
        texts = [" ".join(text.split()) for text in prepared]
    assert any(text.startswith("SELECT cart.id, cart_line.id") for text in texts), texts
    assert any(text.startswith("UPDATE cart_line SET quantity") for text in texts), texts
