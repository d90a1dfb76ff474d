"""Periodic background jobs (mail delivery, purging expired rows), run by the app's lifespan.

A job is a plain blocking callable; it runs in a worker thread so the event loop stays free.
Every backend worker runs the loop, but a scheduled run first takes the job's lease in the
database (store_app.ops.job_lease), so each period's run happens in one worker of all. A job
registered with `run_on_wake` (mail delivery) also runs at once when this worker wakes it, lease
or not: its own claims are atomic, and a mail queued here should not wait for another worker.
On shutdown a job that is running is allowed to finish (up to SHUTDOWN_GRACE_SECONDS).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable

from store_app.core import clock

logger = logging.getLogger(__name__)

# Reflex waits 5 s for cancelled lifespan tasks; a mail batch over SMTP finishes well within that.
SHUTDOWN_GRACE_SECONDS = 4.5


@dataclasses.dataclass
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], object]
    next_run: float = 0.0
    run_on_wake: bool = False
    woken: bool = False


_jobs: dict[str, Job] = {}
_wake: asyncio.Event | None = None
_loop: asyncio.AbstractEventLoop | None = None


def register_job(name: str, every: dt.timedelta, run: Callable[[], object], *, run_on_wake: bool = False) -> None:
    """Add (or replace) a job; it is first due as soon as the loop starts."""
    _jobs[name] = Job(name=name, every=every, run=run, run_on_wake=run_on_wake)


def wake_up() -> None:
    """Run the `run_on_wake` jobs now instead of at their next turn (e.g. right after mail was queued).

    Safe to call from any thread; does nothing in a process where the loop is not running.
    """
    for job in _jobs.values():
        if job.run_on_wake:
            job.next_run = 0.0
            job.woken = True
    loop, wake = _loop, _wake
    if loop is not None and wake is not None and not loop.is_closed():
        loop.call_soon_threadsafe(wake.set)


def _take_turn(job: Job) -> bool:
    """Whether this worker runs the job now; schedules its next local look at the lease's next turn."""
    from store_app.ops.job_lease import take_turn

    if job.woken:
        job.woken = False
        job.next_run = time.monotonic() + job.every.total_seconds()
        return True
    try:
        turn = take_turn(job.name, job.every)
    except Exception:
        # No database, no lease: try again next period rather than run a job nobody coordinates.
        logger.exception("periodic job %s: could not take its lease", job.name)
        job.next_run = time.monotonic() + job.every.total_seconds()
        return False
    job.next_run = time.monotonic() + max(0.0, (turn.next_run_at - clock.now()).total_seconds())
    return turn.taken


async def run_periodic_jobs(tick_seconds: float = 1.0) -> None:
    """The lifespan task: run each due job, then sleep until the next tick or a wake-up."""
    global _loop, _wake
    # The event belongs to this loop (a worker's; each test's own).
    _wake = asyncio.Event()
    _loop = asyncio.get_running_loop()
    while True:
        for job in list(_jobs.values()):
            if time.monotonic() < job.next_run:
                continue
            if not await asyncio.to_thread(_take_turn, job):
                continue
            running = asyncio.ensure_future(asyncio.to_thread(job.run))
            try:
                await asyncio.shield(running)
            except asyncio.CancelledError:
                # Shutdown: the job's thread cannot be interrupted anyway; let it write its outcome.
                logger.info("periodic job %s: finishing before shutdown", job.name)
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await asyncio.wait_for(running, timeout=SHUTDOWN_GRACE_SECONDS)
                raise
            except Exception:
                logger.exception("periodic job %s failed", job.name)
        _wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_wake.wait(), timeout=tick_seconds)
