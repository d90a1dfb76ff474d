"""The scaled-out shop for browser tests: `make run-scaled` with 2 workers, a PostgreSQL database and a Redis
database number of its own, started once per session. Here `live_server` is that shop, so the shared
`context` and `page` fixtures and the live-shop helpers work on it unchanged. Also the backends of the tests
that stop or break one (`restart_backend`, `shutdown_backend`, `lease_backends`). All start with the session's
other shops (`tests/e2e/shop_servers.py`)."""

from __future__ import annotations

import dataclasses
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from store_app.core.settings import PROJECT_ROOT
from store_app.ops.worker_header import tab_digest
from tests.e2e.shop_servers import SHOPS, LiveServer, Shop, ShopPool, free_port, launch, shop_env, stop
from tests.utils.databases import fresh_postgres_database, postgres_unreachable_reason
from tests.utils.redis_db import PrivateRedis, own_redis_database, redis_unreachable_reason

WORKERS = 2
# What the README's recipe runs; `-o` because `make test` has done the installs already.
RUN_SCALED = ["make", "--no-print-directory", "-o", ".venv/.installed", "run-scaled"]


def _client_token(page: Page) -> str:
    """The tab's Reflex client token, once the page script has made one."""
    return page.wait_for_function("() => window.sessionStorage.getItem('token')").json_value()


@dataclasses.dataclass
class ScaledServer(LiveServer):
    redis_url: str = ""
    proc: subprocess.Popen[bytes] | None = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def socket_worker(self, page: Page, *, after: int = 0, timeout: float = 15) -> str:
        """The pid of the worker that accepted this tab's newest event socket (from the workers' log lines);
        `after` skips that many earlier connections of the tab (e.g. those before a reload)."""
        token = _client_token(page)
        pattern = re.compile(rf"worker (\d+) accepted the event socket of tab {tab_digest(token)}\b")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = pattern.findall(self.log_text())
            if len(found) > after:
                return found[-1]
            time.sleep(0.2)
        raise AssertionError(f"no event socket of this tab in the log within {timeout}s")

    def socket_count(self, page: Page) -> int:
        token = _client_token(page)
        return len(re.findall(rf"accepted the event socket of tab {tab_digest(token)}\b", self.log_text()))

    def worker_pids(self, tries: int = 40) -> set[str]:
        """The pids that answer `/healthz` (one new connection per request), once all WORKERS were seen."""
        seen: set[str] = set()
        for _ in range(tries):
            with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
                seen.add(response.headers["x-worker"])
            if len(seen) == WORKERS:
                break
        return seen


def _start_scaled_shop(pool: ShopPool) -> ScaledServer:
    reason = postgres_unreachable_reason() or redis_unreachable_reason()
    if reason:
        pytest.skip(f"the scaled-out shop needs PostgreSQL and Redis: {reason}")
    data_dir = pool.make_dir("scaled")
    db_url = pool.enter(fresh_postgres_database())
    redis_url = pool.enter(own_redis_database())
    port = free_port()
    url = f"http://localhost:{port}"
    env = {
        **shop_env(pool.environ, data_dir, pool.mailbox, url),
        # The README's recipe: production settings on PostgreSQL and Redis.
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DB_URL": db_url,
        "REDIS_URL": redis_url,
    }
    log_path = data_dir / "server.log"
    proc = launch([*RUN_SCALED, f"PORT={port}", f"WORKERS={WORKERS}"], env, log_path, url + "/readyz", pool.stopping)
    pool.at_close(stop, proc)
    return ScaledServer(
        url=url, data_dir=data_dir, db_url=db_url, env=env, log_path=log_path, redis_url=redis_url, proc=proc
    )


# The recipe builds its own frontend (it is what the README tells an operator to run).
SHOPS["scaled_server"] = Shop(start=_start_scaled_shop, replaces=("live_server",))


@pytest.fixture(scope="session")
def scaled_server(shop_pool: ShopPool) -> ScaledServer:
    """`make run-scaled` with 2 workers, a PostgreSQL database and a Redis database number of its own."""
    return shop_pool.get("scaled_server")  # type: ignore[return-value]


@dataclasses.dataclass
class Backend(LiveServer):
    """A shop backend of its own (no frontend: driven by raw sockets), for the one test that stops or breaks it."""

    proc: subprocess.Popen[bytes] | None = None
    redis: PrivateRedis | None = None


def _start_backend(pool: ShopPool, data_dir: Path, log_name: str = "server.log", **settings: str) -> Backend:
    port = free_port()
    url = f"http://localhost:{port}"
    env = {**shop_env(pool.environ, data_dir, pool.mailbox, url), **settings}
    subprocess.run([sys.executable, "-m", "store_app.manage", "setup"], cwd=PROJECT_ROOT, env=env, check=True)
    reflex = str(Path(sys.executable).with_name("reflex"))
    command = [reflex, "run", "--env", "prod", "--backend-only", "--backend-port", str(port)]
    proc = launch(command, env, data_dir / log_name, url + "/readyz", pool.stopping)
    pool.at_close(stop, proc)
    return Backend(url=url, data_dir=data_dir, db_url=env["DB_URL"], env=env, log_path=data_dir / log_name, proc=proc)


def _start_restart_backend(pool: ShopPool) -> Backend:
    """2 workers on PostgreSQL and a private redis-server, which the test restarts."""
    if reason := postgres_unreachable_reason():
        pytest.skip(reason)
    data_dir = pool.make_dir("restart")
    redis_server = PrivateRedis(data_dir).start()
    pool.at_close(redis_server.stop)
    db_url = pool.enter(fresh_postgres_database())
    backend = _start_backend(pool, data_dir, DB_URL=db_url, REDIS_URL=redis_server.url, GRANIAN_WORKERS="2")
    backend.redis = redis_server
    return backend


@dataclasses.dataclass
class LeaseBackends:
    """Shop backends with the state lease on, sharing a data folder (the install's key, the SQLite file) and a
    private redis-server: `shop` with 2 workers (the tests end one after the other; each is replaced), `other`
    with one, a worker of another process for a tab that reloads elsewhere."""

    shop: Backend
    other: Backend
    redis: PrivateRedis


def _start_lease_backends(pool: ShopPool) -> LeaseBackends:
    data_dir = pool.make_dir("lease")
    redis_server = PrivateRedis(data_dir).start()
    pool.at_close(redis_server.stop)
    # What `make run-scaled` gives each worker: the lease (STATE_LEASE=1) and Reflex's lock expiry.
    settings = {"REDIS_URL": redis_server.url, "REFLEX_OPLOCK_ENABLED": "1"}
    return LeaseBackends(
        shop=_start_backend(pool, data_dir, "shop.log", GRANIAN_WORKERS="2", **settings),
        other=_start_backend(pool, data_dir, "other.log", GRANIAN_WORKERS="1", **settings),
        redis=redis_server,
    )


# The backends of the tests that stop or break them start in the background too; each test has its own.
SHOPS["restart_backend"] = Shop(start=_start_restart_backend)
SHOPS["shutdown_backend"] = Shop(start=lambda pool: _start_backend(pool, pool.make_dir("shutdown")))
SHOPS["lease_backends"] = Shop(start=_start_lease_backends)


def _used_once(pool: ShopPool, name: str) -> Iterator[Backend]:
    backend = pool.get(name)
    assert isinstance(backend, Backend) and backend.proc is not None
    yield backend
    stop(backend.proc)


@pytest.fixture
def restart_backend(shop_pool: ShopPool) -> Iterator[Backend]:
    yield from _used_once(shop_pool, "restart_backend")


@pytest.fixture
def shutdown_backend(shop_pool: ShopPool) -> Iterator[Backend]:
    yield from _used_once(shop_pool, "shutdown_backend")


@pytest.fixture(scope="session")
def lease_backends(shop_pool: ShopPool) -> LeaseBackends:
    backends = shop_pool.get("lease_backends")
    assert isinstance(backends, LeaseBackends)
    return backends


@pytest.fixture(scope="session")
def live_server(scaled_server: ScaledServer) -> ScaledServer:
    return scaled_server
