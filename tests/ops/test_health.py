"""`GET /healthz` answers while the process runs; `GET /readyz` is 503 unless the database (and Redis, when
set) answers, and while the worker shuts down."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from store_app.core.db import get_engine
from store_app.core.settings import get_settings
from store_app.ops import health
from store_app.ops.health_routes import HealthRoutes
from tests.utils.redis_db import redis_unreachable_reason


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = HealthRoutes(PlainTextResponse("the shop"))
    yield TestClient(app)  # no `with`: a plain response has no lifespan to run
    health._draining = False


def _set(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_other_paths_reach_the_shop(client: TestClient) -> None:
    assert client.get("/").text == "the shop"
    assert client.get("/healthz/more").text == "the shop"


def test_ready_on_the_database_without_redis(db_url: str, client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_an_unreachable_database_is_503_but_the_process_is_healthy(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"postgresql+psycopg://postgres:s3cret-in-url@127.0.0.1:{_closed_port()}/shop"
    _set(monkeypatch, "DB_URL", url)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "OperationalError"
    assert "s3cret" not in response.text and "127.0.0.1" not in response.text
    assert client.get("/healthz").status_code == 200


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word: a database server that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        with contextlib.suppress(OSError):
            while not stop.is_set():
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()
    for connection in held:
        connection.close()


def test_a_hung_database_is_503_within_the_check_time_and_leaves_no_thread_or_connection_behind(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, silent_server: int
) -> None:
    _set(monkeypatch, "DB_URL", f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/shop")
    threads_before = threading.active_count()
    for _ in range(2):  # a probe each few seconds, as an orchestrator sends them
        started = time.monotonic()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert time.monotonic() - started < health.CHECK_TIMEOUT_SECONDS + 0.5
    # Each probe's check has ended on its own timeout, and none holds a connection of the workers' pool.
    deadline = time.monotonic() + 2
    while threading.active_count() > threads_before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == threads_before
    assert get_engine().pool.checkedout() == 0  # type: ignore[attr-defined]


def test_an_unreachable_redis_is_503(db_url: str, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    _set(monkeypatch, "REDIS_URL", f"redis://:pw-in-url@127.0.0.1:{_closed_port()}/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "ConnectionError"}
    assert "pw-in-url" not in response.text


def test_a_reachable_redis_is_ready(db_url: str, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    if reason := redis_unreachable_reason():
        pytest.skip(reason)
    _set(monkeypatch, "REDIS_URL", "redis://127.0.0.1:6379/0")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_a_draining_worker_is_not_ready(db_url: str, client: TestClient) -> None:
    health.start_draining()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["shutdown"] == "draining"
    assert client.get("/healthz").status_code == 200
