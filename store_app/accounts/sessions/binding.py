"""Reflex event middleware: a tab's state belongs to the connection that made it (SPEC A7, issue 9 §2).

Reflex keys state by a client token that page scripts keep in sessionStorage: it is no credential.
A tab's private data (a guest's reset step and code, a just-registered address, cart rows, and
whatever a logged-in page loaded) is served only to the connection it was made on. When an event
arrives over another connection (a reload, a reconnect, or someone who copied the token), the tab
keeps its data only if it is logged in and that connection's own handshake cookie opens the same
session; otherwise every state of the tab is reset before the event runs, so the new connection
starts clean. Uploads carry no connection: `upload_guard.py` checks them before they get here.

An event of a connection that has closed, arriving after the tab moved to another one, is dropped:
it was queued or chained before the page reloaded (the login form's post reloads it) and runs after
the new page's first events. Handled as a newcomer, it would reset the tab the new connection had
just logged in, and bind the tab to a connection that no longer exists (issue 18).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from reflex.middleware import Middleware
from reflex.state import StateUpdate

from store_app.accounts.sessions.connection import connection_is_open, connection_proof
from store_app.accounts.sessions.state import SessionState, check_connection, wipe_tab_state

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import BaseState
    from reflex_base.event import Event


def _arrived_over_a_connection() -> bool:
    from reflex_base.event.context import EventContext

    try:
        return bool(EventContext.get().router_data)
    except LookupError:
        return False


class SessionBindingMiddleware(Middleware):
    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        if not _arrived_over_a_connection():
            return None  # an upload (checked by the upload guard) or a backend-made event
        tab = await state.get_state(SessionState)
        sid = state.router.session.session_id
        if tab._bound_sid == sid:
            return None
        if tab._bound_sid and not connection_is_open(sid):
            return StateUpdate()  # a closed connection's leftover: not run, nothing sent (see the module doc)
        if tab._bound_sid and not await self._same_login(tab, sid):
            await wipe_tab_state(state)
            tab = await state.get_state(SessionState)
        tab._bound_sid = sid
        return None

    @staticmethod
    async def _same_login(tab: SessionState, sid: str) -> bool:
        if tab._session_id is None:
            return False  # a guest tab's progress stays with its own connection
        login = await asyncio.to_thread(check_connection, connection_proof(sid))
        return login is not None and login.session_id == tab._session_id
