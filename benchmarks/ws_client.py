"""A small asyncio socket.io client for the Reflex event socket (Engine.IO 4 / Socket.IO 5 over wsproto).

Only what a load generator needs: connect to `/_event` with a client token and a Cookie header,
emit events by handler name, and hand back each state update as it arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from typing import Any
from urllib.parse import urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Message, Ping, RejectConnection, Request, TextMessage

NAMESPACE = "/_event"
EVENT_PREFIX = f"42{NAMESPACE},"


class EventSocket:
    def __init__(self, base_url: str, *, cookie: str = "", origin: str = "") -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "localhost", parts.port or 80
        self.cookie, self.origin = cookie, origin or f"{parts.scheme}://{parts.netloc}"
        self.token = str(uuid.uuid4())
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._text: list[str] = []
        self._accepted = asyncio.Event()
        self._connected = asyncio.Event()
        self._reader_task: asyncio.Task[None] | None = None

    async def connect(self, timeout: float = 10) -> EventSocket:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        headers = [(b"origin", self.origin.encode())]
        if self.cookie:
            headers.append((b"cookie", self.cookie.encode()))
        target = f"{NAMESPACE}/?EIO=4&transport=websocket&token={self.token}"
        self._send(Request(host=f"{self.host}:{self.port}", target=target, extra_headers=headers))
        self._reader_task = asyncio.create_task(self._read_loop())
        async with asyncio.timeout(timeout):
            await self._accepted.wait()
            # The namespace connect may go out before the Engine.IO open packet has arrived.
            self._send(Message(data=f"40{NAMESPACE},"))
            await self._connected.wait()
        return self

    def _send(self, event: Any) -> None:
        self._writer.write(self._ws.send(event))

    async def _read_loop(self) -> None:
        while True:
            data = await self._reader.read(65536)
            if not data:
                self._ws.receive_data(None)
                return
            self._ws.receive_data(data)
            for event in self._ws.events():
                if isinstance(event, AcceptConnection):
                    self._accepted.set()
                elif isinstance(event, Ping):
                    self._send(event.response())
                elif isinstance(event, RejectConnection):
                    raise ConnectionError(f"websocket refused: {event.status_code}")
                elif isinstance(event, TextMessage):
                    self._text.append(event.data)
                    if event.message_finished:
                        self._packet("".join(self._text))
                        self._text = []
                elif isinstance(event, CloseConnection):
                    return

    def _packet(self, packet: str) -> None:
        if packet == "2":  # Engine.IO ping
            self._send(Message(data="3"))
        elif packet.startswith(f"40{NAMESPACE},"):
            self._connected.set()
        elif packet.startswith(EVENT_PREFIX):
            name, data = json.loads(packet[len(EVENT_PREFIX) :])[:2]
            if name == "event":
                self.updates.put_nowait(data)

    def emit(self, handler: str, payload: dict[str, Any] | None = None, *, path: str = "/") -> None:
        """Send an event as a page on `path` (with its query string) would."""
        pathname, _, query = path.partition("?")
        query_dict = dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)
        router = {"pathname": pathname, "asPath": path, "query": query_dict}
        event = {"name": handler, "payload": payload or {}, "router_data": router}
        self._send(Message(data=EVENT_PREFIX + json.dumps(["event", event])))

    def drain(self) -> None:
        while not self.updates.empty():
            self.updates.get_nowait()

    async def call(
        self,
        handler: str,
        payload: dict[str, Any] | None = None,
        *,
        path: str = "/",
        until: Any = None,
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

    async def close(self) -> None:
        with contextlib.suppress(Exception):  # the server may have dropped the socket already
            self._send(CloseConnection(code=1000))
            await self._writer.drain()
        if self._reader_task:
            self._reader_task.cancel()
        self._writer.close()
