"""ASGI middleware that names the backend worker (its pid) for every HTTP response and event socket.

With several workers behind one port, this is how an operator (and the scaled-out tests) can see
which process answered: HTTP responses carry an `X-Worker` header; the websocket handshake cannot
(Granian sends no extra headers with a 101), so each accepted event socket is logged with the pid
and a digest of the tab's client token (the token itself stays out of the log).
"""

from __future__ import annotations

import hashlib
import logging
import os
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-worker"
logger = logging.getLogger(__name__)


def tab_digest(token: str) -> str:
    """The short name a tab's client token gets in the log."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


class WorkerHeaderMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        # Read per call, not at import: forked workers share the module but each has its own pid.
        pid = os.getpid()
        value = str(pid).encode()

        async def send_with_worker(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (HEADER, value)]
            elif message["type"] == "websocket.accept":
                query = parse_qs(scope.get("query_string", b"").decode(errors="replace"))
                token = (query.get("token") or [""])[0]
                logger.info("worker %s accepted the event socket of tab %s", pid, tab_digest(token) if token else "-")
            await send(message)

        await self.app(scope, receive, send_with_worker)
