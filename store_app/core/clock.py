"""The one clock of the app, so tests can move time without a freezing library."""

from __future__ import annotations

import datetime as dt

_offset = dt.timedelta(0)


def now() -> dt.datetime:
    """The current time, timezone-aware in UTC (SQLModel's datetime columns require it)."""
    return dt.datetime.now(dt.UTC) + _offset


def advance(delta: dt.timedelta) -> None:
    """Move the clock forward (tests only)."""
    global _offset
    _offset += delta


def reset() -> None:
    """Put the clock back to real time (tests only)."""
    global _offset
    _offset = dt.timedelta(0)
