"""Caps the size of Reflex upload requests before any of the body is parsed (SPEC H6).

Reflex's `/_upload` endpoint accepts a request from any page and spools every file to disk before
the event handler (which checks the session and the 2 MB avatar limit) ever runs. This middleware
refuses a declared Content-Length over the cap with 413, and cuts off a body that streams past it,
so an anonymous client cannot fill the disk. The cap is above the avatar limit on purpose: a
picture of 3 MB still reaches the handler and gets the clear "larger than 2 MB" message.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_UPLOAD_REQUEST_BYTES = 8 * 1024 * 1024
UPLOAD_PATH_SUFFIX = "/_upload"


async def _too_large(send: Send) -> None:
    await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"upload too large"})


class UploadSizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_UPLOAD_REQUEST_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").endswith(UPLOAD_PATH_SUFFIX):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send)
            return
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # The endpoint treats a disconnect as an abandoned upload and stores nothing.
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted_receive, send)
