"""Reflex event middleware: a tab's state belongs to the connection that can prove its session (SPEC A7).

Reflex keys state by a client token that page scripts keep in sessionStorage: it is no credential.
When a tab that holds a login session talks over a connection its session was not checked on
(a reload, a reconnect, or someone who copied the token), that connection's own handshake cookie
must open the same session. If it does, the tab is bound to the new connection; if not, every
state of the tab is reset before the event runs, so nothing private reaches that connection.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from reflex.middleware import Middleware

from store_app.accounts.sessions.cookie import session_token_from_cookie_header
from store_app.accounts.sessions.state import SessionState, wipe_tab_state
from store_app.accounts.sessions.token_service import check_refresh_token
from store_app.core.db import session_scope
from store_app.core.tokens import InvalidToken

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import BaseState, StateUpdate
    from reflex_base.event import Event


def _session_of_cookie(cookie_header: str) -> int | None:
    token = session_token_from_cookie_header(cookie_header)
    if token is None:
        return None
    try:
        with session_scope() as session:
            return check_refresh_token(session=session, refresh_token=token).session_id
    except InvalidToken:
        return None


class SessionBindingMiddleware(Middleware):
    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        tab = await state.get_state(SessionState)
        sid = state.router.session.session_id
        if tab._session_id is None or tab._bound_sid == sid:
            return None
        if await asyncio.to_thread(_session_of_cookie, state.router.headers.cookie) == tab._session_id:
            tab._bound_sid = sid
        else:
            await wipe_tab_state(state)
        return None
