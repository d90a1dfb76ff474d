"""Periodic background jobs (mail delivery, purging expired rows), run by the app's lifespan.

A job is a plain blocking callable; it runs in a worker thread so the event loop stays free.
`store_app.py` registers every job and starts the loop with the lease it uses: every backend worker
runs the loop, but a scheduled run first takes the job's lease in the database (`ops/job_lease.py`,
handed in as `take_turn`), so each period's run happens in one worker of all. `wake_up(name)` runs
that one job at once in this worker, lease or not (mail delivery: its own claims are atomic, and a
mail queued here should not wait for another worker).
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
from typing import Protocol

from store_app.core import clock

logger = logging.getLogger(__name__)

# Reflex waits 5 s for cancelled lifespan tasks; a mail batch over SMTP finishes well within that.
SHUTDOWN_GRACE_SECONDS = 4.5


class Turn(Protocol):
    taken: bool
    next_run_at: dt.datetime


# (job name, period) -> whether this worker runs it now, and when it is due next across all workers.
TakeTurn = Callable[[str, dt.timedelta], Turn]


@dataclasses.dataclass
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], object]
    next_run: float = 0.0
    woken: bool = False


_jobs: dict[str, Job] = {}
_wake: asyncio.Event | None = None
_loop: asyncio.AbstractEventLoop | None = None


def register_job(name: str, every: dt.timedelta, run: Callable[[], object]) -> None:
    """Add (or replace) a job; it is first due as soon as the loop starts."""
    _jobs[name] = Job(name=name, every=every, run=run)


def wake_up(name: str) -> None:
    """Run the job `name` now instead of at its next turn (e.g. mail delivery right after mail was
    queued); the other jobs keep their turns. Safe to call from any thread; does nothing for a job
    this process has not registered or while the loop is not running."""
    job = _jobs.get(name)
    if job is None:
        return
    job.next_run = 0.0
    job.woken = True
    loop, wake = _loop, _wake
    if loop is not None and wake is not None and not loop.is_closed():
        loop.call_soon_threadsafe(wake.set)


def _take_turn(job: Job, take_turn: TakeTurn | None) -> bool:
    """Whether this worker runs the job now; schedules its next local look at the lease's next turn."""
    if job.woken or take_turn is None:  # woken here, or no lease to share (one worker, a test)
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


async def run_periodic_jobs(tick_seconds: float = 1.0, *, take_turn: TakeTurn | None = None) -> None:
    """The lifespan task: run each due job, then sleep until the next tick or a wake-up. With
    `take_turn` a scheduled run needs the job's lease; without, this worker runs every job itself."""
    global _loop, _wake
    # The event belongs to this loop (a worker's; each test's own).
    _wake = asyncio.Event()
    _loop = asyncio.get_running_loop()
    while True:
        for job in list(_jobs.values()):
            if time.monotonic() < job.next_run:
                continue
            if not await asyncio.to_thread(_take_turn, job, take_turn):
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
