"""One set of CORS headers on the event socket's HTTP answers (issue 9 §5).

Socket.IO answers `/_event` with its own Access-Control-Allow-* headers in mixed case, and Starlette's
CORS middlewares around it (Reflex adds two) add theirs in lower case without seeing the first ones,
so the browser got every header twice. This middleware, between them, writes the header names in
lower case and keeps one of each, so the outer CORS layer replaces them instead of adding copies.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVENT_PATH = "/_event"
_SINGLE = (b"access-control-allow-origin", b"access-control-allow-credentials")


def single_cors_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers with lower-case names, one of each CORS header, and one Vary listing each value once."""
    kept: list[tuple[bytes, bytes]] = []
    seen: set[bytes] = set()
    vary: list[str] = []
    for raw_name, value in headers:
        name = raw_name.lower()
        if name == b"vary":
            vary += [item.strip() for item in value.decode("latin-1").split(",") if item.strip() not in vary]
            continue
        if name in _SINGLE:
            if name in seen:
                continue
            seen.add(name)
        kept.append((name, value))
    if vary:
        kept.append((b"vary", ", ".join(dict.fromkeys(item for item in vary if item)).encode("latin-1")))
    return kept


class SingleEventCorsHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(EVENT_PATH):
            await self.app(scope, receive, send)
            return

        async def send_single(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = single_cors_headers(list(message.get("headers", [])))
            await send(message)

        await self.app(scope, receive, send_single)
