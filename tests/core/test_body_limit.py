"""No HTTP route reads a body over the cap: 413 in the API's error shape, declared or streamed."""

from __future__ import annotations

import asyncio
import json
import time
import tracemalloc

from starlette.types import ASGIApp, Message

from store_app.api.app import build_api
from store_app.core.body_limit import MAX_BODY_BYTES, BodySizeLimit

CHUNK = 64 * 1024
HUGE = 200 * 1024 * 1024


def _scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"shop.example"), (b"content-type", b"application/json"), *headers],
        "client": ("198.51.100.7", 50000),
        "server": ("shop.example", 80),
    }


class StreamedBody:
    """An ASGI receive that makes a JSON body of `total` bytes chunk by chunk, as a socket would."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.pulled = 0

    async def __call__(self) -> Message:
        if self.pulled >= self.total:
            await asyncio.sleep(3600)  # the client is still there, sending nothing more
        first = self.pulled == 0
        size = min(CHUNK, self.total - self.pulled)
        chunk = (b'{"username": "' + b"a" * (size - 14)) if first else b"a" * size
        self.pulled += size
        return {"type": "http.request", "body": chunk, "more_body": self.pulled < self.total}


def _call(app: ASGIApp, scope: dict, receive) -> tuple[int, dict, list[Message]]:  # type: ignore[no-untyped-def]
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert sum(m["type"] == "http.response.start" for m in sent) == 1
    return start["status"], json.loads(body), sent


def test_a_streamed_200_mb_body_is_cut_off_at_the_cap_with_413() -> None:
    app = BodySizeLimit(build_api())
    receive = StreamedBody(HUGE)
    tracemalloc.start()
    started = time.monotonic()
    status, body, _ = _call(app, _scope("/api/v1/auth/login", [(b"transfer-encoding", b"chunked")]), receive)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert status == 413
    assert set(body) == {"detail", "errors"} and body["errors"] == {}
    assert receive.pulled <= MAX_BODY_BYTES + CHUNK  # the other 199 MB were never read
    assert peak < 8 * 1024 * 1024, peak
    assert elapsed < 5


def test_a_declared_length_over_the_cap_is_refused_without_reading() -> None:
    receive = StreamedBody(HUGE)
    scope = _scope("/api/v1/auth/login", [(b"content-length", str(HUGE).encode())])
    status, body, sent = _call(BodySizeLimit(build_api()), scope, receive)
    assert status == 413 and receive.pulled == 0
    assert (b"connection", b"close") in sent[0]["headers"]
    assert body["detail"]


def test_a_body_under_the_cap_reaches_the_route(db_url: str) -> None:
    payload = json.dumps({"username": "nobody", "password": "x" * 100}).encode()

    async def receive() -> Message:
        return {"type": "http.request", "body": payload, "more_body": False}

    scope = _scope("/api/v1/auth/login", [(b"content-length", str(len(payload)).encode())])
    status, _, _ = _call(BodySizeLimit(build_api()), scope, receive)
    assert status == 401


def test_uploads_keep_their_own_cap() -> None:
    seen: list[int] = []

    async def upload_endpoint(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        total = 0
        while True:
            message = await receive()
            total += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        seen.append(total)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    size = 3 * MAX_BODY_BYTES
    status, _, _ = _call(BodySizeLimit(upload_endpoint), _scope("/_upload", []), StreamedBody(size))
    assert status == 200 and seen == [size]
