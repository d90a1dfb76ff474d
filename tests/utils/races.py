"""One racer of a concurrency test: waits at the barrier, runs its action in a transaction of its own and
records the outcome (the success label, the refusal's message, or a crash that the test will show)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.core.errors import DomainError


def race_once(
    engine: Engine, start: threading.Barrier, outcomes: list[str], action: Callable[[Session], object], success: str
) -> None:
    start.wait()
    with Session(engine, expire_on_commit=False) as session:
        try:
            action(session)
            session.commit()
            outcomes.append(success)
        except DomainError as error:
            session.rollback()
            outcomes.append(error.message)
        except Exception as error:  # a database error would be a bug: keep it for the assertion
            session.rollback()
            outcomes.append(f"crash: {error!r}")
