"""The event loop's default thread pool, sized so callers waiting for a password hash never hold every thread.

Event handlers and routes run their blocking service calls with `asyncio.to_thread`. Python's
default pool has only cores + 4 threads: a burst of logins would fill it with threads that merely
wait for the password pool (core/passwords.py), and a cart event would queue behind them. Waiting
threads cost no CPU, so the pool gets room for every admitted password check plus spare threads.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from store_app.core.settings import get_settings

SPARE_THREADS = 16


def default_pool_size() -> int:
    settings = get_settings()
    return settings.password_hash_workers + settings.password_hash_queue + SPARE_THREADS


def widen_default_executor() -> None:
    """Lifespan task: give the running loop a default pool of `default_pool_size()` threads (made on demand)."""
    executor = ThreadPoolExecutor(max_workers=default_pool_size(), thread_name_prefix="worker")
    asyncio.get_running_loop().set_default_executor(executor)
