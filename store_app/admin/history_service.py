"""The history log as staff read it (SPEC E1): filtered by kind, actor and dates, paged, or as CSV."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from store_app.accounts.models import User
from store_app.audit.models import HistoryEvent
from store_app.core.csv_text import csv_text
from store_app.core.dates import in_shop_zone, shop_midnight
from store_app.core.paging import Page, page_of

EXPORT_LIMIT = 50_000
CSV_COLUMNS = ("id", "created_at", "kind", "actor_id", "actor_label", "target", "ip", "details")


@dataclasses.dataclass(frozen=True)
class HistoryFilter:
    kind: str = ""
    actor: str = ""  # part of the actor's label (their login)
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive

    def query(self) -> Any:
        query = select(HistoryEvent).order_by(col(HistoryEvent.id).desc())
        if self.kind:
            query = query.where(col(HistoryEvent.kind) == self.kind)
        if self.actor.strip():
            query = query.where(func.lower(col(HistoryEvent.actor_label)).contains(self.actor.strip().lower()))
        if self.date_from:
            query = query.where(col(HistoryEvent.created_at) >= shop_midnight(self.date_from))
        if self.date_to:
            query = query.where(col(HistoryEvent.created_at) < shop_midnight(self.date_to + dt.timedelta(days=1)))
        return query


def find_events(*, session: Session, where: HistoryFilter, page: int = 1) -> Page[HistoryEvent]:
    return page_of(session, where.query(), page=page)


def event_kinds(*, session: Session) -> list[str]:
    return list(session.exec(select(HistoryEvent.kind).distinct().order_by(col(HistoryEvent.kind))))


def actor_logins(*, session: Session, ids: set[int]) -> dict[int, str]:
    """The current login of each account id (deleted accounts are missing)."""
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.login).where(col(User.id).in_(ids))).all())  # type: ignore[arg-type]


def events_csv(*, session: Session, where: HistoryFilter) -> str:
    """The filtered events as CSV (newest first, at most EXPORT_LIMIT rows), times on the shop's clock with
    their UTC offset."""
    rows = (
        (
            event.id,
            in_shop_zone(event.created_at).isoformat(sep=" ", timespec="seconds"),
            event.kind,
            event.actor_id,
            event.actor_label,
            event.target,
            event.ip,
            json.dumps(event.details, ensure_ascii=False, sort_keys=True),
        )
        for event in session.exec(where.query().limit(EXPORT_LIMIT))
    )
    return csv_text([CSV_COLUMNS, *rows])
