"""Job leases: one worker of all takes each period of a job, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlmodel import select

from store_app.core import clock
from store_app.core.db import session_scope
from store_app.ops.job_lease import Turn, take_turn
from store_app.ops.models import JobLease

HOUR = dt.timedelta(hours=1)
WORKERS = 6


def _race(name: str) -> list[Turn]:
    """Every worker asks for the same turn at the same moment."""
    start = threading.Barrier(WORKERS)
    turns: list[Turn] = []
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            start.wait()
            turns.append(take_turn(name, HOUR, holder=f"worker-{index}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return turns


def test_a_period_is_taken_once_and_comes_back_when_it_is_over(app_database: str) -> None:
    first = take_turn("purge", HOUR, holder="a")
    assert first.taken
    again = take_turn("purge", HOUR, holder="b")
    assert not again.taken
    assert again.next_run_at == first.next_run_at

    clock.advance(HOUR + dt.timedelta(seconds=1))
    assert take_turn("purge", HOUR, holder="b").taken
    with session_scope() as session:
        lease = session.exec(select(JobLease).where(JobLease.name == "purge")).one()
    assert (lease.holder, lease.runs) == ("b", 2)


def test_jobs_have_leases_of_their_own(app_database: str) -> None:
    assert take_turn("purge", HOUR).taken
    assert take_turn("mail", HOUR).taken


def test_racing_workers_take_the_first_turn_ever_once(app_database: str) -> None:
    turns = _race("first-run")
    assert sum(turn.taken for turn in turns) == 1
    assert len({turn.next_run_at for turn in turns}) == 1, "the losers were told another next turn"


def test_racing_workers_take_a_due_turn_once(app_database: str) -> None:
    take_turn("due", HOUR, holder="earlier")
    clock.advance(HOUR * 2)
    for _ in range(3):
        turns = _race("due")
        assert sum(turn.taken for turn in turns) == 1
        clock.advance(HOUR + dt.timedelta(seconds=1))
    with session_scope() as session:
        assert session.exec(select(JobLease.runs).where(JobLease.name == "due")).one() == 4


@pytest.mark.parametrize("period", [dt.timedelta(seconds=5), dt.timedelta(hours=6)])
def test_the_next_turn_is_one_period_after_the_taken_one(app_database: str, period: dt.timedelta) -> None:
    before = clock.now()
    turn = take_turn("any", period)
    assert before + period <= turn.next_run_at <= clock.now() + period
