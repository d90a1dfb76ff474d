"""History events about one account (SPEC E1), written in the caller's transaction, and the one way
every door names a user as the actor of an event (`user_actor`)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store_app.accounts.models import User
from store_app.audit.actor import Actor
from store_app.audit.kinds import EventKind
from store_app.audit.service import record_event


def actor_of(user: User, ip: str = "") -> Actor:
    """A user as the history names them: their id and login (an id alone tells staff nothing)."""
    return Actor(user_id=user.id, label=user.login, ip=ip)


def user_actor(*, session: Session, user_id: int, ip: str = "") -> Actor:
    """The actor for a user known by id (admin pages, the API, a shopper's own action alike)."""
    user = session.get(User, user_id)
    return actor_of(user, ip) if user is not None else Actor(user_id=user_id, label=f"#{user_id}", ip=ip)


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
    who = actor_of(actor or user, ip)
    record_event(
        session=session,
        kind=kind,
        actor_id=who.user_id,
        actor_label=who.label,
        target=f"user:{user.id}",
        ip=ip,
        details=details,
    )
