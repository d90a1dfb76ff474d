"""The staff check every admin handler runs first (SPEC D1): pages guard on load, handlers again here,
because any public handler can be called by a crafted websocket event."""

from __future__ import annotations

import dataclasses

import reflex as rx

from store_app.accounts.sessions.state import staff_user_id
from store_app.accounts.state_helpers import shopper_ip
from store_app.core.errors import NotAuthenticated, PermissionDenied


@dataclasses.dataclass(frozen=True)
class StaffActor:
    """The staff member acting now, with the address the history log records."""

    user_id: int
    ip: str


async def checked_staff(state: rx.State) -> StaffActor | None:
    """The acting staff member, checked on the server now; None for guests and shoppers (do nothing)."""
    try:
        user_id = await staff_user_id(state)
    except (NotAuthenticated, PermissionDenied):
        return None
    return StaffActor(user_id=user_id, ip=shopper_ip(state))
