"""A bare socket.io client for the Reflex event socket, to send events no page of the shop would send.

It speaks just enough Engine.IO 4 / Socket.IO 5 over a plain websocket (simple-websocket, which
Reflex already installs): connect to the `/_event` namespace with a client token of our choosing
and any headers (or none: no cookie), emit events by handler name, and collect the state updates.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from simple_websocket import Client, ConnectionClosed

NAMESPACE = "/_event"
CONNECT_ATTEMPTS = 3


class RawEventSocket:
    def __init__(self, base_url: str, *, token: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.token = token or str(uuid.uuid4())
        self.url = base_url.replace("http", "ws", 1) + f"{NAMESPACE}/?EIO=4&transport=websocket&token={self.token}"
        self.updates: list[dict[str, Any]] = []
        self.packets: list[str] = []
        for attempt in range(CONNECT_ATTEMPTS):
            # simple-websocket now and then loses the bytes that arrive with the handshake response (the
            # Engine.IO open packet): the namespace connect is sent without waiting for it, and retried.
            self.ws = Client.connect(self.url, headers=headers or {})
            self.ws.send(f"40{NAMESPACE},")
            try:
                self._expect(lambda packet: packet.startswith(f"40{NAMESPACE},"), timeout=3)
                return
            except TimeoutError:
                self.ws.close()
                if attempt == CONNECT_ATTEMPTS - 1:
                    raise

    def _receive(self, timeout: float) -> str | None:
        packet = self.ws.receive(timeout=timeout)
        if packet is not None:
            self.packets.append(packet if isinstance(packet, str) else repr(packet))
        if packet == "2":  # Engine.IO ping
            self.ws.send("3")
            return None
        if isinstance(packet, str) and packet.startswith(f"42{NAMESPACE},"):
            name, data = json.loads(packet[len(f"42{NAMESPACE},") :])[:2]
            if name == "event":
                self.updates.append(data)
        return packet

    def _expect(self, matches: Any, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            packet = self._receive(deadline - time.monotonic())
            if packet is not None and matches(packet):
                return packet
        raise TimeoutError(f"no matching packet from the event socket; got {self.packets[-5:]}")

    def emit(self, handler: str, payload: dict[str, Any] | None = None, *, path: str = "/") -> None:
        """Call a state's event handler by its full name, as if a page on `path` had sent it."""
        event = {"name": handler, "payload": payload or {}, "router_data": {"pathname": path, "query": {}}}
        self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", event]))

    def settle(self, seconds: float = 2.0) -> list[dict[str, Any]]:
        """Collect state updates until the socket has been quiet for a moment; returns them all."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self._receive(max(0.05, deadline - time.monotonic()))
            except ConnectionClosed:
                break
        return self.updates

    def received_text(self) -> str:
        return json.dumps(self.updates, ensure_ascii=False)

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> RawEventSocket:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
