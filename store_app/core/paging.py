"""One page of a staff list (admin pages, the mail outbox): the rows plus how many pages there are."""

from __future__ import annotations

import dataclasses
from typing import Any, Generic, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select

Row = TypeVar("Row")
PAGE_SIZE = 20


@dataclasses.dataclass(frozen=True)
class Page(Generic[Row]):
    rows: list[Row]
    page: int
    pages: int


def page_of(session: Session, query: Any, *, page: int, size: int = PAGE_SIZE) -> Page[Any]:
    """Run `query` (already filtered and ordered) for one page; a page past the end shows the last."""
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = list(session.exec(query.offset((page - 1) * size).limit(size)))
    return Page(rows=rows, page=page, pages=pages)
