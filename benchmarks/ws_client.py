"""A small asyncio socket.io client for the Reflex event socket (Engine.IO 4 / Socket.IO 5 over a websocket).

Only what a load generator needs: connect to `/_event` with a client token and a Cookie header, emit
events by handler name, and hand back each state update as it arrives (`call`); and a lean path for
the closed loop (`Loop`), which shares the machine's cores with the shop under test, so that every
microsecond it spends per event is taken from the shop: an event's frame is built once and sent again
as it is, a reply is recognised by the bytes of the state it must carry without decoding its JSON, and
the next event goes out from the callback that read the reply (no task to wake, no queue, no future).

The websocket is framed here (RFC 6455, client side): the upgrade request, masked frames out, unmasked
frames in, ping and close. A frame sent again keeps its mask: the server unmasks whatever key it
carries, and a benchmark has no proxy between it and the shop whose cache a fixed key could poison.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import struct
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

NAMESPACE = "/_event"
EVENT_PREFIX = f"42{NAMESPACE},"
_EVENT_PREFIX = EVENT_PREFIX.encode()
_CONNECTED = f"40{NAMESPACE},".encode()
_TEXT, _CLOSE, _PING, _PONG = 0x1, 0x8, 0x9, 0xA


def frame(payload: bytes, opcode: int = _TEXT) -> bytes:
    """One client frame (FIN, masked with a random key) carrying `payload`."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
    key = os.urandom(4)
    repeated = (key * (size // 4 + 1))[:size]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(size, "big")
    return head + key + masked


def event_frame(handler: str, payload: dict[str, Any] | None = None, *, path: str = "/") -> bytes:
    """The frame of an event as a page on `path` (with its query string) would send it."""
    pathname, _, query = path.partition("?")
    query_dict = dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)
    router = {"pathname": pathname, "asPath": path, "query": query_dict}
    event = {"name": handler, "payload": payload or {}, "router_data": router}
    return frame((EVENT_PREFIX + json.dumps(["event", event])).encode())


def state_marker(state_name: str) -> bytes:
    """What a reply's JSON holds when its delta carries `state_name`: the key and its object's brace.
    Inside a JSON string a quote is escaped, so these bytes appear only as a key of the update."""
    return json.dumps(state_name).encode() + b":{"


_PONG_TO_ENGINE_PING = frame(b"3")


class Loop:
    """One client's closed loop on the lean path: send `frames` in turn, each once the reply to the one
    before carried `marker`; each latency (seconds) goes to `samples`; stops sending at `until`
    (`time.perf_counter`) and then resolves `done`. `turn + 1` events were sent."""

    def __init__(self, frames: list[bytes], marker: bytes, until: float, samples: list[float]) -> None:
        self.frames, self.marker, self.until, self.samples = frames, marker, until, samples
        self.turn, self.sent = 0, 0.0
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def start(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.sent = time.perf_counter()
        transport.write(self.frames[0])

    def reply(self, message: bytes) -> bool:
        """A text message arrived: whether it answered the event in flight (and the next one went out)."""
        if self.marker not in message:
            return False
        now = time.perf_counter()
        self.samples.append(now - self.sent)
        self._next(now)
        return True

    def resend(self) -> None:
        """The reply did not come: the next event goes out (or the loop ends, past `until`)."""
        self._next(time.perf_counter())

    def _next(self, now: float) -> None:
        if now >= self.until:
            self.done.set_result(None)
            return
        self.turn += 1
        self.sent = now
        self.transport.write(self.frames[self.turn % len(self.frames)])  # type: ignore[union-attr]

    def fail(self, error: BaseException) -> None:
        if not self.done.done():
            self.done.set_exception(error)


class EventSocket(asyncio.Protocol):
    def __init__(self, base_url: str, *, cookie: str = "", origin: str = "") -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "localhost", parts.port or 80
        self.cookie, self.origin = cookie, origin or f"{parts.scheme}://{parts.netloc}"
        self.token = str(uuid.uuid4())
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.loop: Loop | None = None  # while set, text messages go to it (and other ones are dropped)
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._upgraded = False
        self._fragments: list[bytes] = []
        self._accepted: asyncio.Future[None] | None = None
        self._connected = asyncio.Event()
        self._closed = asyncio.Event()

    async def connect(self, timeout: float = 10) -> EventSocket:
        running = asyncio.get_running_loop()
        self._accepted = running.create_future()
        async with asyncio.timeout(timeout):
            await running.create_connection(lambda: self, self.host, self.port)
            assert self.transport is not None
            self.transport.write(self._upgrade_request())
            await self._accepted
            # The namespace connect may go out before the Engine.IO open packet has arrived.
            self.transport.write(frame(_CONNECTED))
            await self._connected.wait()
        return self

    def _upgrade_request(self) -> bytes:
        target = f"{NAMESPACE}/?EIO=4&transport=websocket&token={self.token}"
        headers = [
            f"GET {target} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
            "Sec-WebSocket-Version: 13",
            f"Origin: {self.origin}",
        ]
        if self.cookie:
            headers.append(f"Cookie: {self.cookie}")
        return ("\r\n".join(headers) + "\r\n\r\n").encode()

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed.set()
        error = ConnectionError(f"the event socket closed: {exc}")
        if self._accepted is not None and not self._accepted.done():
            self._accepted.set_exception(error)
        if self.loop is not None:
            self.loop.fail(error)

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        if not self._upgraded and not self._read_upgrade():
            return
        start, size = 0, len(buffer)
        while size - start >= 2:
            first, length = buffer[start], buffer[start + 1] & 0x7F
            at = start + 2
            if length == 126:
                if size - at < 2:
                    break
                (length,) = struct.unpack_from("!H", buffer, at)
                at += 2
            elif length == 127:
                if size - at < 8:
                    break
                (length,) = struct.unpack_from("!Q", buffer, at)
                at += 8
            if size - at < length:
                break
            start = at + length
            self._frame(first, bytes(buffer[at:start]))
        del buffer[:start]

    def _read_upgrade(self) -> bool:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        status = bytes(self._buffer[: self._buffer.find(b"\r\n")])
        del self._buffer[: end + 4]
        if b" 101 " not in status + b" ":
            error = ConnectionError(f"websocket refused: {status.decode(errors='replace')}")
            assert self._accepted is not None
            self._accepted.set_exception(error)
            self.transport.close()  # type: ignore[union-attr]
            return False
        self._upgraded = True
        self._accepted.set_result(None)  # type: ignore[union-attr]
        return True

    def _frame(self, first: int, payload: bytes) -> None:
        opcode = first & 0x0F
        if opcode == _TEXT or opcode == 0:  # a text frame or the continuation of one
            if not first & 0x80:
                self._fragments.append(payload)
                return
            if self._fragments:
                payload, self._fragments = b"".join([*self._fragments, payload]), []
            self._message(payload)
        elif opcode == _PING:
            self.transport.write(frame(payload, _PONG))  # type: ignore[union-attr]
        elif opcode == _CLOSE:
            self.transport.close()  # type: ignore[union-attr]

    def _message(self, message: bytes) -> None:
        if self.loop is not None and self.loop.reply(message):
            return
        if message == b"2":  # Engine.IO ping
            self.transport.write(_PONG_TO_ENGINE_PING)  # type: ignore[union-attr]
        elif message.startswith(_CONNECTED):
            self._connected.set()
        elif self.loop is None and message.startswith(_EVENT_PREFIX):
            name, data = json.loads(message[len(_EVENT_PREFIX) :])[:2]
            if name == "event":
                self.updates.put_nowait(data)

    def emit(self, handler: str, payload: dict[str, Any] | None = None, *, path: str = "/") -> None:
        """Send an event as a page on `path` (with its query string) would."""
        self.transport.write(event_frame(handler, payload, path=path))  # type: ignore[union-attr]

    def drain(self) -> None:
        while not self.updates.empty():
            self.updates.get_nowait()

    async def call(
        self,
        handler: str,
        payload: dict[str, Any] | None = None,
        *,
        path: str = "/",
        until: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        """Emit and wait for the first update with a delta (or the first that `until(update)` accepts)."""
        self.drain()
        self.emit(handler, payload, path=path)
        accept = until or (lambda update: bool(update.get("delta")))
        async with asyncio.timeout(timeout):
            while True:
                update = await self.updates.get()
                if accept(update):
                    return update

    async def run_loop(self, loop: Loop) -> None:
        """Drive `loop` on this socket until it is done (the socket goes back to `call` afterwards)."""
        assert self.transport is not None
        self.loop = loop
        try:
            loop.start(self.transport)
            await loop.done
        finally:
            self.loop = None

    async def close(self) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        with contextlib.suppress(Exception):  # the server may have dropped the socket already
            self.transport.write(frame(struct.pack("!H", 1000), _CLOSE))
        self.transport.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(1):
                await self._closed.wait()
