"""Reflex uploads act for a tab only when the request itself proves that tab's session (issue 9 §2).

`/_upload` names its tab by the `Reflex-Client-Token` header, which is no credential, and its event
carries no connection, so the tab's own checks would pass for anyone holding a copied token. This
ASGI middleware refuses, with 403 and before any file is read, an upload that does not come from the
shop's own pages (Origin == PUBLIC_URL) or whose own session cookie does not open the session the
tab is logged in with. Handlers still check the rest (staff for the import, the avatar's rules).
"""

from __future__ import annotations

import asyncio
import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from store_app.accounts.sessions.cookie import is_same_origin_request, session_token_from_cookie_header
from store_app.accounts.sessions.token_service import check_refresh_token
from store_app.core.db import session_scope
from store_app.core.tokens import InvalidToken

UPLOAD_PATH_SUFFIX = "/_upload"


def _session_of_cookie(token: str | None) -> int | None:
    if token is None:
        return None
    try:
        with session_scope() as session:
            return check_refresh_token(session=session, refresh_token=token).session_id
    except InvalidToken:
        return None


async def _tab_session_id(client_token: str) -> int | None:
    """The login session the tab of `client_token` holds now (None for a guest or an unknown tab)."""
    from reflex.istate.manager.token import BaseStateToken
    from reflex_base.registry import RegistrationContext

    from store_app.accounts.sessions.state import SessionState

    manager = RegistrationContext.get().app.state_manager
    root = await manager.get_state(BaseStateToken(ident=client_token, cls=SessionState))
    tab = root.get_substate(SessionState.get_full_name().split("."))
    return tab._session_id if isinstance(tab, SessionState) and tab._bound_sid else None


async def _refuse(send: Send) -> None:
    body = json.dumps({"detail": "This upload does not come from your own logged-in page.", "errors": {}}).encode()
    await send({"type": "http.response.start", "status": 403, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


class UploadSessionGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").endswith(UPLOAD_PATH_SUFFIX):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        client_token = headers.get("reflex-client-token", "")
        if not is_same_origin_request(headers) or not client_token:
            await _refuse(send)
            return
        tab_session = await _tab_session_id(client_token)
        cookie = session_token_from_cookie_header(headers.get("cookie"))
        if tab_session is None or await asyncio.to_thread(_session_of_cookie, cookie) != tab_session:
            await _refuse(send)
            return
        await self.app(scope, receive, send)
