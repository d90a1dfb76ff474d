"""The history event table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from store_app.core import clock


class HistoryEvent(SQLModel, table=True):
    """One thing that happened: who did what to which object, when and from where."""

    __tablename__ = "history_event"

    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = Field(default_factory=clock.now, index=True)
    kind: str = Field(max_length=64, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor_label: str = Field(default="", max_length=255)
    target: str = Field(default="", max_length=255)
    ip: str = Field(default="", max_length=64)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
