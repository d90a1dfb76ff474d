"""A facet index kept for a test's database, as a running worker keeps one."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.catalog.facet_index.keeper import current_index, keep_index


def keep_index_now(engine: Engine) -> None:
    """Keep an index of `engine`'s database, built before this returns and current."""
    thread = keep_index(engine)
    assert thread is not None
    thread.join()
    with Session(engine) as session:
        assert current_index(session) is not None
