"""History events about one account (SPEC E1), written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store_app.accounts.models import User
from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event


def record_account_event(
    *,
    session: Session,
    kind: EventKind,
    user: User,
    ip: str = "",
    details: dict[str, Any] | None = None,
    actor: User | None = None,
) -> None:
    """`actor` is who did it (an admin, say); by default the account's own user."""
    who = actor or user
    record_event(
        session=session,
        kind=kind,
        actor_id=who.id,
        actor_label=who.login,
        target=f"user:{user.id}",
        ip=ip,
        details=details,
    )
