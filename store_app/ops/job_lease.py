"""Leases for periodic jobs, so each period's run happens in one worker of all (SQLite and PostgreSQL alike).

A turn is taken with one conditional UPDATE (`... WHERE name = ? AND next_run_at <= now`): the
database lets exactly one of several concurrent workers see a changed row. No lock is held while
the job runs, so a worker that dies mid-job costs that period's run and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from store_app.core import clock
from store_app.core.db import session_scope
from store_app.ops.models import JobLease


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclasses.dataclass(frozen=True)
class Turn:
    taken: bool
    # When the job is due next across all workers (this worker's run included when taken).
    next_run_at: dt.datetime


def take_turn(name: str, every: dt.timedelta, *, now: dt.datetime | None = None, holder: str | None = None) -> Turn:
    """Claim this period of job `name` for the caller; `taken` is False when another worker has it."""
    now = now or clock.now()
    next_run_at = now + every
    holder = holder or worker_name()
    with session_scope() as session:
        # A plain read first: the workers that are not due never take SQLite's write lock.
        current = session.scalar(select(JobLease.next_run_at).where(JobLease.name == name))  # type: ignore[arg-type]
        if current is not None and current > now:
            return Turn(taken=False, next_run_at=current)
    with session_scope() as session:
        claimed = session.execute(
            update(JobLease)
            .where(JobLease.name == name, JobLease.next_run_at <= now)  # type: ignore[arg-type]
            .values(next_run_at=next_run_at, holder=holder, taken_at=now, runs=JobLease.runs + 1)
        ).rowcount
        if claimed:
            return Turn(taken=True, next_run_at=next_run_at)
        current = session.scalar(select(JobLease.next_run_at).where(JobLease.name == name))  # type: ignore[arg-type]
    if current is not None:
        return Turn(taken=False, next_run_at=current)
    # The job's first run ever: whoever inserts its row owns it; a worker that loses the race sees the winner's.
    try:
        with session_scope() as session:
            session.add(JobLease(name=name, next_run_at=next_run_at, holder=holder, taken_at=now, runs=1))
    except IntegrityError:
        with session_scope() as session:
            current = session.scalar(select(JobLease.next_run_at).where(JobLease.name == name))  # type: ignore[arg-type]
        return Turn(taken=False, next_run_at=current or next_run_at)
    return Turn(taken=True, next_run_at=next_run_at)
