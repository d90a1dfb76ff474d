"""Who changes the catalog, and the history event each change writes (SPEC E1)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlmodel import Session

from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who changes the catalog, for the history log."""

    user_id: int | None = None
    label: str = ""
    ip: str = ""


SYSTEM = Actor(label="system")


def record_change(session: Session, kind: EventKind, target: str, actor: Actor, details: dict[str, Any]) -> None:
    """The history event of a catalog change, in the caller's transaction."""
    record_event(
        session=session,
        kind=kind,
        actor_id=actor.user_id,
        actor_label=actor.label,
        target=target,
        ip=actor.ip,
        details=details,
    )
