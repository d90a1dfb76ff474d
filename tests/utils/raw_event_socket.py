"""A bare socket.io client for the Reflex event socket, to send events no page of the shop would send.

It speaks just enough Engine.IO 4 / Socket.IO 5 over a plain websocket (simple-websocket, which
Reflex already installs): connect to the `/_event` namespace with a client token of our choosing
and any headers (or none: no cookie), emit events by handler name, and collect the state updates.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

from simple_websocket import Client, ConnectionClosed

NAMESPACE = "/_event"
CONNECT_ATTEMPTS = 3


def guest_cookie(base_url: str) -> str:
    """The guest-cart cookie the shop gives a browser's first page (as a Cookie header value), for a socket.

    A backend started without its pages (`--backend-only`) serves no HTML page, so it gives none: then
    a value of the same shape, as the page would have set (the shop checks only the shape)."""
    try:
        with urllib.request.urlopen(base_url + "/", timeout=60) as response:
            headers = response.headers
    except urllib.error.HTTPError as error:
        headers = error.headers
    given = [value.split(";", 1)[0] for value in headers.get_all("set-cookie") or []]
    return "; ".join(given) if given else f"guest_cart={secrets.token_urlsafe(32)}"


def event_packet(handler: str, payload: dict[str, Any] | None = None, *, path: str = "/") -> dict[str, Any]:
    """An event as a page on `path` sends it to the handler of that full name."""
    return {"name": handler, "payload": payload or {}, "router_data": {"pathname": path, "query": {}}}


class RawEventSocket:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        connect_event: dict[str, Any] | None = None,
    ) -> None:
        """`connect_event` (an `event_packet`) rides in the CONNECT packet, as a page's first event does: it is
        queued at once, without the connect waiting for the tab's state."""
        self.token = token or str(uuid.uuid4())
        self.url = base_url.replace("http", "ws", 1) + f"{NAMESPACE}/?EIO=4&transport=websocket&token={self.token}"
        self.updates: list[dict[str, Any]] = []
        self.packets: list[str] = []
        for attempt in range(CONNECT_ATTEMPTS):
            # simple-websocket now and then loses the bytes that arrive with the handshake response (the
            # Engine.IO open packet): the namespace connect is sent without waiting for it, and retried.
            self.ws = Client.connect(self.url, headers=headers or {})
            self.ws.send(f"40{NAMESPACE}," + (json.dumps({"event": connect_event}) if connect_event else ""))
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
        self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", event_packet(handler, payload, path=path)]))

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
