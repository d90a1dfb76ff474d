"""Periodic background jobs (mail delivery, purging expired rows), run by the app's lifespan.

A job is a plain blocking callable; it runs in a worker thread so the event loop stays free.
Every backend worker runs the loop, so jobs must be safe to run concurrently (claim rows
atomically, delete idempotently).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], object]
    next_run: float = 0.0


_jobs: dict[str, Job] = {}
_wake = asyncio.Event()
_loop: asyncio.AbstractEventLoop | None = None


def register_job(name: str, every: dt.timedelta, run: Callable[[], object]) -> None:
    """Add (or replace) a job; it first runs as soon as the loop starts."""
    _jobs[name] = Job(name=name, every=every, run=run)


def wake_up() -> None:
    """Run every job now instead of at its next turn (e.g. right after mail was queued).

    Safe to call from any thread; does nothing in a process where the loop is not running.
    """
    for job in _jobs.values():
        job.next_run = 0.0
    if _loop is not None and not _loop.is_closed():
        _loop.call_soon_threadsafe(_wake.set)


async def run_periodic_jobs(tick_seconds: float = 1.0) -> None:
    """The lifespan task: run each due job, then sleep until the next tick or a wake-up."""
    global _loop
    _loop = asyncio.get_running_loop()
    while True:
        for job in list(_jobs.values()):
            if time.monotonic() < job.next_run:
                continue
            job.next_run = time.monotonic() + job.every.total_seconds()
            try:
                await asyncio.to_thread(job.run)
            except Exception:
                logger.exception("periodic job %s failed", job.name)
        _wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_wake.wait(), timeout=tick_seconds)
