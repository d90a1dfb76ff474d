"""Caps the request body of every HTTP route before it is read (413 in the API's error shape).

Starlette and FastAPI read a JSON body in full before any check runs, so an anonymous client could
make one worker hold hundreds of megabytes. A declared Content-Length over the cap is answered at
once without reading a byte; a body that streams past it (chunked, or longer than declared) is cut
off at the cap: the app sees a disconnect, and the client gets the 413 instead of whatever the app
would have said. Reflex's `/_upload` keeps its own, larger cap (accounts.profile.upload_limit).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store_app.core.i18n import t

MAX_BODY_BYTES = 1024 * 1024
EXEMPT_SUFFIX = "/_upload"


async def send_too_large(send: Send) -> None:
    body = json.dumps({"detail": t("api.error.body_too_large", max=MAX_BODY_BYTES // 1024), "errors": {}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        # The rest of the body is never read: the connection cannot be reused.
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "").endswith(EXEMPT_SUFFIX):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await send_too_large(send)
            return
        seen = 0
        too_large = False
        started = False

        async def counted_receive() -> Message:
            nonlocal seen, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_large and not started:
                return  # the app's answer to a body it never saw in full; the 413 goes instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
            # The app gave up on the cut-off body (e.g. Starlette's ClientDisconnect): not an error.
        if too_large and not started:
            await send_too_large(send)
