"""Password hashing with argon2id (passlib/libpass), in a bounded thread pool of its own.

Threat: an argon2id hash is ~26 ms of CPU by design, so a burst of logins would queue in front of
every other request and event. The hashing runs on PASSWORD_HASH_WORKERS threads (argon2-cffi
releases the GIL, so these threads take cores, not the interpreter); at most PASSWORD_HASH_QUEUE
more checks may wait for them, and one beyond that is refused at once with PasswordsBusy
("try again in a moment", 429 on the API) instead of letting everyone's latency grow.
The functions block their caller until the hash is done: call them from a worker thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from passlib.context import CryptContext

from store_app.core.errors import RateLimited
from store_app.core.i18n import t
from store_app.core.settings import get_settings

# OWASP / ASVS 5.0 minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
ARGON2_MEMORY_KIB = 19_456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
# A full queue drains in about a second; asking again after one is reasonable.
RETRY_AFTER_SECONDS = 1
# Hashing threads run at a lower CPU priority (Linux nice is per thread): on a busy machine the
# scheduler then serves the event loop and the request threads first, and the hashes take the rest.
HASHING_NICENESS = 10

_context = CryptContext(
    schemes=["argon2"],
    argon2__type="ID",
    argon2__memory_cost=ARGON2_MEMORY_KIB,
    argon2__rounds=ARGON2_TIME_COST,
    argon2__parallelism=ARGON2_PARALLELISM,
)

# Verified against when the account does not exist, so unknown logins cost one hash too.
_DUMMY_HASH = _context.hash("store_app dummy password, never matches")

Result = TypeVar("Result")


class PasswordsBusy(RateLimited):
    """Every hashing thread is busy and the queue is full: the caller should try again in a moment."""

    def __init__(self) -> None:
        super().__init__(t("passwords.busy"), retry_after_seconds=RETRY_AFTER_SECONDS)


def _lower_own_priority() -> None:
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: keep the normal priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


class _HashingPool:
    """A fixed number of hashing threads and a cap on the callers that may wait for them."""

    def __init__(self, *, workers: int, queue_limit: int) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="password-hash", initializer=_lower_own_priority
        )
        self._admitted = threading.BoundedSemaphore(workers + queue_limit)

    def run(self, work: Callable[..., Result], *args: str) -> Result:
        if not self._admitted.acquire(blocking=False):
            raise PasswordsBusy()
        try:
            future = self._executor.submit(work, *args)
        except BaseException:
            self._admitted.release()
            raise
        future.add_done_callback(lambda _: self._admitted.release())
        return future.result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


_pools: dict[int, _HashingPool] = {}
_pools_lock = threading.Lock()


def _pool() -> _HashingPool:
    # Keyed by process id: a worker forked from a process that had a pool gets threads of its own.
    # The lock makes the first callers of a burst share one pool instead of each building one.
    pid = os.getpid()
    with _pools_lock:
        if pid not in _pools:
            settings = get_settings()
            _pools[pid] = _HashingPool(workers=settings.password_hash_workers, queue_limit=settings.password_hash_queue)
        return _pools[pid]


def reset_pool() -> None:
    """Drop the pool so the next call builds one from the current settings (tests change them)."""
    with _pools_lock:
        pool = _pools.pop(os.getpid(), None)
    if pool is not None:
        pool.shutdown()


def _normalised(password: str) -> str:
    # The same password typed on another keyboard may arrive composed differently (é vs e + accent);
    # NFC makes both hash alike, and matches how the length rule counts characters.
    return unicodedata.normalize("NFC", password)


def _verify(password: str, password_hash: str) -> bool:
    try:
        return _context.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


def hash_password(password: str) -> str:
    """The argon2id hash of `password`; raises PasswordsBusy when the pool is full."""
    return _pool().run(_context.hash, _normalised(password))


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when `password` matches; with no hash, spends the same time and returns False."""
    if not password_hash:
        _pool().run(_verify, _normalised(password), _DUMMY_HASH)
        return False
    return _pool().run(_verify, _normalised(password), password_hash)


@dataclasses.dataclass(frozen=True)
class PasswordCheck:
    ok: bool
    # The password hashed anew with today's parameters, when it matched a hash made with weaker ones.
    new_hash: str | None = None


def _verify_and_update(password: str, password_hash: str) -> tuple[bool, str | None]:
    try:
        return _context.verify_and_update(password, password_hash)
    except (ValueError, TypeError):
        return False, None


def check_password(password: str, password_hash: str | None) -> PasswordCheck:
    """`verify_password`, and for a match against a hash made with weaker parameters than today's the new
    hash, in one task of the pool: a login waits in its queue once, and its own thread parses no hash."""
    if not password_hash:
        return PasswordCheck(ok=verify_password(password, None))  # the same time spent, always False
    ok, new_hash = _pool().run(_verify_and_update, _normalised(password), password_hash)
    return PasswordCheck(ok=ok, new_hash=new_hash)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _context.needs_update(password_hash)
