"""What a websocket connection proves, read from its cookies once at the handshake (SPEC A7, issue 9 §3).

Reflex copies the handshake headers, Cookie included, into every tab's state, which the state manager
keeps (in Redis, or pickled). This ASGI middleware takes the Cookie header out of the `/_event`
handshake before Reflex sees it and leaves in its place only what the backend needs: the proof of
the session cookie (digest and nonce claim of its refresh token) and the guest cart key (a digest
too). Neither is a credential a client could present. The proof lives with the connection in
process memory (the ASGI scope Socket.IO keeps per connection) and dies with it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from store_app.accounts.sessions.cookie import session_token_from_cookie_header
from store_app.accounts.sessions.service import AuthContext
from store_app.accounts.sessions.token_service import RefreshProof, refresh_proof
from store_app.cart.guest_cookie import guest_cart_key, guest_token_from_cookie_header
from store_app.core.tokens import InvalidToken

SCOPE_KEY = "store_app.connection"
EVENT_PATH = "/_event"


@dataclasses.dataclass
class ConnectionProof:
    """One connection's proof; `login` is filled once the session cookie was checked (or refused)."""

    refresh: RefreshProof | None = None
    guest_key: str | None = None
    checked: bool = False
    login: AuthContext | None = None
    display_name: str = ""


def proof_from_cookie_header(cookie_header: str | None) -> ConnectionProof:
    proof = ConnectionProof()
    token = session_token_from_cookie_header(cookie_header)
    if token is not None:
        try:
            proof.refresh = refresh_proof(token)
        except InvalidToken:
            proof.checked = True  # a forged or expired cookie opens nothing; no need to ask the database
    guest = guest_token_from_cookie_header(cookie_header or "")
    proof.guest_key = guest_cart_key(guest) if guest else None
    return proof


class HandshakeCookieProof:
    """ASGI middleware: on the event socket, the Cookie header is replaced by its proof (see module doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("websocket", "http") or not scope.get("path", "").startswith(EVENT_PATH):
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        cookie = "; ".join(value.decode("latin-1") for name, value in headers if name.lower() == b"cookie")
        scope = {
            **scope,
            "headers": [(name, value) for name, value in headers if name.lower() != b"cookie"],
            SCOPE_KEY: proof_from_cookie_header(cookie),
        }
        await self.app(scope, receive, send)


_NO_APP: dict[str, Any] = {}


def _environ(sid: str) -> dict[str, Any] | None:
    """The environ Socket.IO keeps for the open connection `sid`: None once it closed (or for an unknown
    sid), `_NO_APP` when no app is running (a script, a unit test)."""
    from reflex_base.registry import RegistrationContext

    try:
        app = RegistrationContext.get().app
    except Exception:
        return _NO_APP
    namespace = app.event_namespace
    return app.sio.get_environ(sid, namespace.namespace) if app.sio and namespace and sid else None


def connection_proof(sid: str) -> ConnectionProof:
    """The proof of the live connection `sid`; an empty one (a guest) when it is unknown or closed."""
    scope = (_environ(sid) or {}).get("asgi.scope") or {}
    proof = scope.get(SCOPE_KEY)
    return proof if isinstance(proof, ConnectionProof) else ConnectionProof(checked=True)


def connection_is_open(sid: str) -> bool:
    """Whether the connection `sid` is still open (True when no app runs: there is nothing to compare)."""
    environ = _environ(sid)
    return environ is _NO_APP or environ is not None
