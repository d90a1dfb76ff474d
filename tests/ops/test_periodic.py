"""The periodic loop: a scheduled run needs the job's lease; a woken mail job runs at once; shutdown waits."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest

from store_app.core import periodic
from store_app.ops.job_lease import take_turn

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def jobs() -> Iterator[dict[str, periodic.Job]]:
    """An empty job table for the test, the app's jobs put back afterwards."""
    saved = dict(periodic._jobs)
    periodic._jobs.clear()
    yield periodic._jobs
    periodic._jobs.clear()
    periodic._jobs.update(saved)


async def _run_loop_for(seconds: float) -> None:
    task = asyncio.create_task(periodic.run_periodic_jobs(tick_seconds=0.05, take_turn=take_turn))
    await asyncio.sleep(seconds)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_a_job_runs_once_per_period_in_this_worker(db_url: str, jobs: dict[str, periodic.Job]) -> None:
    runs: list[int] = []
    periodic.register_job("purge", HOUR, lambda: runs.append(1))

    async def scenario() -> None:
        task = asyncio.create_task(periodic.run_periodic_jobs(tick_seconds=0.05, take_turn=take_turn))
        deadline = time.monotonic() + 10  # a loaded machine may take a while for the first run
        while not runs and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.6)  # a dozen more ticks: none may run it again within its period
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert runs == [1]


def test_a_job_another_worker_ran_this_period_is_skipped(db_url: str, jobs: dict[str, periodic.Job]) -> None:
    take_turn("purge", HOUR, holder="the-other-worker")
    runs: list[int] = []
    periodic.register_job("purge", HOUR, lambda: runs.append(1))
    asyncio.run(_run_loop_for(0.6))
    assert runs == []
    assert jobs["purge"].next_run > time.monotonic() + HOUR.total_seconds() - 60, "it did not wait for the lease"


def test_waking_runs_the_mail_job_at_once_even_inside_its_period(db_url: str, jobs: dict[str, periodic.Job]) -> None:
    take_turn("mail", HOUR, holder="the-other-worker")
    take_turn("purge", HOUR, holder="the-other-worker")
    runs: list[str] = []
    periodic.register_job("mail", HOUR, lambda: runs.append("mail"))
    periodic.register_job("purge", HOUR, lambda: runs.append("purge"))

    async def scenario() -> None:
        task = asyncio.create_task(periodic.run_periodic_jobs(tick_seconds=0.05, take_turn=take_turn))
        await asyncio.sleep(0.3)
        assert runs == []
        periodic.wake_up("mail")
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert runs == ["mail"]


def test_shutdown_lets_a_running_job_finish(db_url: str, jobs: dict[str, periodic.Job]) -> None:
    started, finished = threading.Event(), threading.Event()

    def slow_job() -> None:
        started.set()
        time.sleep(1.0)
        finished.set()

    periodic.register_job("mail", HOUR, slow_job)

    async def scenario() -> None:
        task = asyncio.create_task(periodic.run_periodic_jobs(tick_seconds=0.05, take_turn=take_turn))
        while not started.is_set():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert finished.is_set(), "the loop ended while its job was still writing"

    asyncio.run(scenario())
