"""The history event each catalog change writes (SPEC E1); who made it is `audit.actor.Actor`, the one
actor type of every door (re-exported here for the catalog's modules)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store_app.audit.actor import SYSTEM, Actor
from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event

__all__ = ["SYSTEM", "Actor", "record_change"]


def record_change(session: Session, kind: EventKind, target: str, actor: Actor, details: dict[str, Any]) -> None:
    """The history event of a catalog change, in the caller's transaction."""
    record_event(session=session, kind=kind, actor=actor, target=target, details=details)
