"""The job lease table: one row per periodic job, saying when any worker may run it next."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from store_app.core import clock


class JobLease(SQLModel, table=True):
    """A worker that moves `next_run_at` forward (one conditional UPDATE) owns this period of the job."""

    __tablename__ = "job_lease"

    name: str = Field(primary_key=True, max_length=64)
    next_run_at: dt.datetime = Field(default_factory=clock.now)
    # Who ran it last ("host:pid"), when, and how many runs so far: for the operator (and the
    # scaled-out tests), never read by the code.
    holder: str = Field(default="", max_length=128)
    taken_at: dt.datetime | None = Field(default=None)
    runs: int = Field(default=0)
