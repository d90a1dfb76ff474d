"""Write and read history events; rows are only ever added."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from store_app.audit.actor import Actor
from store_app.audit.kinds import EventKind
from store_app.audit.models import HistoryEvent


def record_event(
    *,
    session: Session,
    kind: EventKind,
    actor_id: int | None = None,
    actor_label: str = "",
    target: str = "",
    ip: str = "",
    details: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> HistoryEvent:
    """Add an event in the caller's transaction, so it lands with the change it describes.
    `actor` (from `accounts.history.user_actor`) gives the id, label and address at once."""
    if actor is not None:
        actor_id, actor_label, ip = actor.user_id, actor.label, actor.ip
    event = HistoryEvent(
        kind=EventKind(kind).value,  # an unknown kind fails here, not later as a row nobody can name
        actor_id=actor_id,
        actor_label=actor_label,
        target=target,
        ip=ip,
        details=details or {},
    )
    session.add(event)
    session.flush()
    return event


def list_events(*, session: Session, kind: str | None = None, limit: int = 100) -> list[HistoryEvent]:
    """Newest first, optionally of one kind."""
    query = select(HistoryEvent).order_by(col(HistoryEvent.id).desc()).limit(limit)
    if kind:
        query = query.where(HistoryEvent.kind == kind)
    return list(session.exec(query))
