"""Redis for the scaled-out tests: a database number of its own on 127.0.0.1:6379, or a private redis-server."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import redis

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CLAIM_KEY = "store_app:tests:claimed"
CLAIM_SECONDS = 6 * 3600
# Database numbers the tests may claim, comma-separated (e.g. `11` when engineers share the machine's Redis and
# each has a number of their own); by default every number from 15 down to 1.
NUMBERS_VARIABLE = "TEST_REDIS_DATABASES"


def _numbers() -> list[int]:
    given = os.environ.get(NUMBERS_VARIABLE, "").strip()
    return [int(number) for number in given.split(",")] if given else list(range(15, 0, -1))


def redis_unreachable_reason() -> str | None:
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"Redis at {REDIS_HOST}:{REDIS_PORT} is not reachable: {error}"
    finally:
        client.close()
    return None


@contextlib.contextmanager
def own_redis_database() -> Iterator[str]:
    """The URL of an empty Redis database number, claimed with a marker key so a parallel run picks another;
    emptied afterwards. Database 0 is left to `make run`; `TEST_REDIS_DATABASES` limits the numbers tried."""
    for number in _numbers():
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number, socket_connect_timeout=3)
        try:
            if client.dbsize() == 0 and client.set(CLAIM_KEY, "1", nx=True, ex=CLAIM_SECONDS):
                try:
                    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
                finally:
                    client.flushdb()
                return
        finally:
            client.close()
    raise RuntimeError(f"every Redis database number {_numbers()} on 127.0.0.1:6379 is in use")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own on a spare loopback port (no persistence), which a test may restart."""

    def __init__(self, work_dir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.binary = binary
        self.work_dir = work_dir
        self.port = _free_port()
        self.url = f"redis://{REDIS_HOST}:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> PrivateRedis:
        command = [self.binary, "--port", str(self.port), "--bind", REDIS_HOST, "--save", "", "--appendonly", "no"]
        log = (self.work_dir / f"redis-{self.port}.log").open("ab")
        self.proc = subprocess.Popen(command, cwd=self.work_dir, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if self.client().ping():
                    return self
            time.sleep(0.1)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def restart(self) -> None:
        """Stop and start again: everything it held is gone, as after a crash without persistence."""
        self.stop()
        self.start()

    def client(self) -> redis.Redis:
        return redis.Redis(host=REDIS_HOST, port=self.port, socket_connect_timeout=2)
