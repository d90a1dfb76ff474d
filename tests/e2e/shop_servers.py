"""The live shops of a browser-test session: each started once, by a background thread that begins as soon as
the tests are collected (so the starts overlap the unit tests, which run first), in the order the tests first
need them. A shop that differs from the default one only in backend settings reuses its frontend build.

A shop is named by the session fixture that hands it out (`live_server`, `short_lived_server`, ...); `SHOPS`
maps that name to how it starts, and `tests/e2e/conftest.py` asks the `ShopPool` for it."""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from store_app.core.settings import PROJECT_ROOT
from tests.utils.mailbox import Mailbox
from tests.utils.redis_db import own_redis_database, redis_unreachable_reason

START_TIMEOUT = 900
# Where the frontend build keeps what the browser loads; its text files name the backend's address.
BUILT_PAGES = Path("build") / "client"
COMPRESSED = (".gz", ".br", ".zst")


@dataclasses.dataclass
class LiveServer:
    url: str
    data_dir: Path
    db_url: str
    env: dict[str, str]
    log_path: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(
    url: str, proc: subprocess.Popen[bytes], log_path: Path, stopping: threading.Event | None = None
) -> None:
    """Until `url` answers 200; fails when the shop exits, the session ends (`stopping`) or START_TIMEOUT passes."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the shop exited with {proc.returncode}:\n{log_path.read_text()[-4000:]}")
        if stopping is not None and stopping.is_set():
            raise RuntimeError("the test session ended before the shop was up")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the shop did not answer within {START_TIMEOUT}s:\n{log_path.read_text()[-4000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def launch(
    command: list[str], env: dict[str, str], log_path: Path, ready_url: str, stopping: threading.Event | None = None
) -> subprocess.Popen[bytes]:
    """Start a shop (its output to `log_path`, in a process group of its own) and wait until `ready_url`
    answers; one that does not come up is stopped again."""
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(ready_url, proc, log_path, stopping)
    except BaseException:
        stop(proc)
        raise
    return proc


def reuse_frontend(source: Path, target: Path, *, old_url: str, new_url: str) -> list[Path]:
    """Copy the Reflex web folder `source` (after its build) to `target`, for a shop on `new_url`.

    The build bakes in one thing of the backend: its address (the event socket, upload and ping URLs of
    env.json, which Vite puts into a script chunk; the sitemap's page URLs). Those texts are rewritten, and a
    rewritten file's compressed copies are made again (gzip) or removed (the server then sends the file
    itself). Everything else in the build comes from the code, which both shops share. node_modules is
    linked, not copied. Returns the rewritten files."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("node_modules"))
    if (source / "node_modules").exists():
        (target / "node_modules").symlink_to(source / "node_modules")
    # The host and port, whatever the scheme (http:// for pages and uploads, ws:// for the event socket).
    old, new = f"//{urlsplit(old_url).netloc}".encode(), f"//{urlsplit(new_url).netloc}".encode()
    rewritten = []
    for path in [target / "env.json", *sorted((target / BUILT_PAGES).rglob("*"))]:
        if not path.is_file() or path.suffix in COMPRESSED or old not in (data := path.read_bytes()):
            continue
        data = data.replace(old, new)
        path.write_bytes(data)
        rewritten.append(path)
        for suffix in COMPRESSED:
            copy = path.with_name(path.name + suffix)
            if copy.exists():
                copy.unlink()
                if suffix == ".gz":
                    copy.write_bytes(gzip.compress(data, compresslevel=9))
    return rewritten


def shop_env(base: dict[str, str], data_dir: Path, mailbox: Mailbox, url: str) -> dict[str, str]:
    """A test shop's settings: its own data folder, SQLite file and frontend folder, mail to the test mailbox."""
    return {
        **{name: value for name, value in base.items() if name != "REDIS_URL"},
        "APP_ENV": "test",
        "DATA_DIR": str(data_dir),
        "DB_URL": f"sqlite:///{data_dir / 'store.db'}",
        "PUBLIC_URL": url,
        "SMTP_HOST": mailbox.host,
        "SMTP_PORT": str(mailbox.port),
        "SMTP_TLS": "0",
        "PYTHONUNBUFFERED": "1",
        # A frontend folder of its own, so a running `make run` or another test session is not disturbed.
        "REFLEX_WEB_WORKDIR": str(data_dir / "web"),
        "REFLEX_STATES_WORKDIR": str(data_dir / "states"),
    }


class ShopPool:
    """Starts the session's shops one at a time on a background thread; `get(name)` waits for one."""

    def __init__(self, *, mailbox: Mailbox, environ: dict[str, str], make_dir: Callable[[str], Path]) -> None:
        self.mailbox = mailbox
        self.environ = environ  # os.environ as the session began: unit tests change it while shops start
        self.make_dir = make_dir
        self.stopping = threading.Event()
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="shop-start")
        self._futures: dict[str, concurrent.futures.Future[LiveServer]] = {}
        self._lock = threading.Lock()
        self._cleanup = contextlib.ExitStack()

    def prestart(self, names: Iterable[str]) -> None:
        for name in names:
            self._submit(name)

    def get(self, name: str) -> LiveServer:
        return self._submit(name).result()

    def _submit(self, name: str) -> concurrent.futures.Future[LiveServer]:
        with self._lock:
            self._queue(name)
            return self._futures[name]

    def _queue(self, name: str) -> None:
        """The one start of `name`, queued after the shops it needs (so theirs has ended when it runs)."""
        if name in self._futures:
            return
        for needed in SHOPS[name].needs:
            self._queue(needed)
        self._futures[name] = self._executor.submit(SHOPS[name].start, self)

    def started(self, name: str) -> LiveServer:
        """A shop this one `needs` (already up: it was queued first)."""
        return self._futures[name].result()

    def at_close(self, callback: Callable[..., object], *args: object) -> None:
        """Call this when the session ends, before what was registered earlier (a shop stops before its
        database is dropped)."""
        self._cleanup.callback(callback, *args)

    def enter(self, manager: contextlib.AbstractContextManager[str]) -> str:
        """A database (or the like) for a shop, given back when the session ends."""
        return self._cleanup.enter_context(manager)

    def close(self) -> None:
        self.stopping.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._cleanup.close()


@dataclasses.dataclass(frozen=True)
class Shop:
    start: Callable[[ShopPool], LiveServer]
    needs: tuple[str, ...] = ()
    # In its folder this shop is also the `live_server` of the shared `context` and `page` fixtures.
    replaces: tuple[str, ...] = ()


SHOPS: dict[str, Shop] = {}


def shops_needed(fixture_names: Iterable[Iterable[str]]) -> list[str]:
    """The shops that tests with these fixture closures use, in the order they first need them."""
    needed: dict[str, None] = {}
    for names in fixture_names:
        used = [name for name in names if name in SHOPS]
        replaced = {other for name in used for other in SHOPS[name].replaces}
        needed.update(dict.fromkeys(name for name in used if name not in replaced))
    return list(needed)


def start_live_server(pool: ShopPool, extra_env: dict[str, str], frontend_of: LiveServer | None = None) -> LiveServer:
    """`manage setup`, then the shop in production mode on a free port; with `frontend_of`, on that shop's
    frontend build instead of a build of its own (`reuse_frontend`, `tests/e2e/serve_built.py`)."""
    data_dir = pool.make_dir("live")
    port = free_port()
    url = f"http://localhost:{port}"
    env = {**shop_env(pool.environ, data_dir, pool.mailbox, url), **extra_env}
    ports = ["--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)]
    if frontend_of is None:
        command = [str(Path(sys.executable).with_name("reflex")), "run", *ports]
    else:
        web = Path(frontend_of.env["REFLEX_WEB_WORKDIR"])
        reuse_frontend(web, Path(env["REFLEX_WEB_WORKDIR"]), old_url=frontend_of.url, new_url=url)
        command = [sys.executable, "-m", "tests.e2e.serve_built", "run", *ports]
    subprocess.run([sys.executable, "-m", "store_app.manage", "setup"], cwd=PROJECT_ROOT, env=env, check=True)
    log_path = data_dir / "server.log"
    pool.at_close(stop, launch(command, env, log_path, url + "/", pool.stopping))
    return LiveServer(url=url, data_dir=data_dir, db_url=env["DB_URL"], env=env, log_path=log_path)


def _start_redis_shop(pool: ShopPool) -> LiveServer:
    if reason := redis_unreachable_reason():
        pytest.skip(reason)
    redis_url = pool.enter(own_redis_database())
    return start_live_server(pool, {"REDIS_URL": redis_url}, pool.started("live_server"))


SHORT_ACCESS_SECONDS = 3
SHOPS.update(
    {
        # The shop with default settings, shared by most browser tests.
        "live_server": Shop(start=lambda pool: start_live_server(pool, {})),
        # A second shop whose access tokens live three seconds.
        "short_lived_server": Shop(
            start=lambda pool: start_live_server(
                pool, {"ACCESS_TOKEN_SECONDS": str(SHORT_ACCESS_SECONDS)}, pool.started("live_server")
            ),
            needs=("live_server",),
        ),
        # The shop keeping its tab states in Redis (a database number of its own): with REDIS_URL and no
        # GRANIAN_WORKERS, as `make run` starts it, Reflex runs 2 × cores + 1 workers (at most 8).
        "redis_live_server": Shop(start=_start_redis_shop, needs=("live_server",)),
    }
)
