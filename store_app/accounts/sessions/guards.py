"""`@login_event` / `@staff_event`: an event handler that runs only for a checked session (SPEC A7, D1).

Any public handler can be called by a crafted websocket event, so the check sits on the handler itself,
written once here. Inside the handler `acting()` says who it runs for (checked on the server now).
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from store_app.accounts.sessions.state import current_context, login_redirect, staff_context
from store_app.accounts.state_helpers import shopper_ip
from store_app.core.errors import NotAuthenticated, PermissionDenied

F = TypeVar("F", bound=Callable[..., Any])


@dataclasses.dataclass(frozen=True)
class Acting:
    """The user a guarded handler runs for, with the address the history log records."""

    user_id: int
    session_id: int
    is_staff: bool
    ip: str


_acting: contextvars.ContextVar[Acting | None] = contextvars.ContextVar("acting", default=None)


def acting() -> Acting:
    """Who the running `@login_event` / `@staff_event` handler was checked for."""
    who = _acting.get()
    if who is None:
        raise RuntimeError("acting() outside a guarded event handler")
    return who


def acting_args() -> dict[str, Any]:
    """The checked user as the services take them: `user_id=` and `ip=` (for the history log)."""
    who = acting()
    return {"user_id": who.user_id, "ip": who.ip}


async def _check(state: rx.State, *, staff: bool) -> Acting | None:
    """`SessionState`'s own check (the server-side session, once per event), never a state var."""
    try:
        context = await (staff_context if staff else current_context)(state)
    except (NotAuthenticated, PermissionDenied):
        return None
    return Acting(
        user_id=context.user_id, session_id=context.session_id, is_staff=context.is_staff, ip=shopper_ip(state)
    )


def _guarded(fn: F, *, staff: bool, redirect: bool, background: bool = False) -> F:
    async def check(state: rx.State) -> Acting | None:
        if not background:
            return await _check(state, staff=staff)
        async with state:  # a background task reads its state only under the lock
            return await _check(state, staff=staff)

    def refused(state: rx.State) -> Any:
        if not redirect:
            return None
        state.reset()  # nothing this state loaded for a session that ended may stay in the tab
        return login_redirect(state)

    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def generator(self: rx.State, *args: Any, **kwargs: Any) -> Any:
            who = await check(self)
            if who is None:
                if (event := refused(self)) is not None:
                    yield event
                return
            _acting.set(who)
            async for update in fn(self, *args, **kwargs):
                yield update

        return rx.event(generator, background=background)  # type: ignore[return-value]

    @functools.wraps(fn)
    async def handler(self: rx.State, *args: Any, **kwargs: Any) -> Any:
        who = await check(self)
        if who is None:
            return refused(self)
        _acting.set(who)  # each event runs in its own task, so this never leaks into another event
        result = fn(self, *args, **kwargs)
        return await result if inspect.isawaitable(result) else result

    return rx.event(handler, background=background)  # type: ignore[return-value]


def login_event(fn: F) -> F:
    """An `@rx.event` for logged-in shoppers: a guest's call resets the state and goes to the login page."""
    return _guarded(fn, staff=False, redirect=True)


def staff_event(fn: F | None = None, *, background: bool = False) -> Any:
    """An `@rx.event` for staff only: anyone else's call does nothing at all.
    `@staff_event(background=True)` makes a background task, checked under the state lock."""
    if fn is None:
        return functools.partial(staff_event, background=background)
    return _guarded(fn, staff=True, redirect=False, background=background)
