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

from store_app.catalog.state import CatalogState

NAMESPACE = "/_event"
CONNECT_ATTEMPTS = 3
# `ping`'s harmless event: it only sets the catalog's price box (no database, nothing chained).
PING_STATE = CatalogState.get_full_name()
PING_HANDLER = f"{PING_STATE}.set_min_price"
PING_VAR = "min_price_rx_state_"


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
        """Collect state updates for `seconds` (or until the socket closes); returns them all. To wait until
        the events sent so far have been handled, `ping` returns as soon as they have."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self._receive(max(0.05, deadline - time.monotonic()))
            except ConnectionClosed:
                break
        return self.updates

    def _wait_for(self, *texts: str, timeout: float) -> bool:
        """Collect updates until each of `texts` is in what arrived (True), or until `timeout` (False)."""
        deadline = time.monotonic() + timeout
        while not all(text in self.received_text() for text in texts):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                self._receive(left)
            except ConnectionClosed:
                return False
        return True

    def ping(self, *, timeout: float = 30, max_rounds: int = 10) -> list[dict[str, Any]]:
        """Return once every event sent so far has been handled and its updates are in `updates`.

        The shop handles one tab's events one after another, in the order they came (Reflex's per-token
        queue; only background events step outside it): the answer to a harmless event sent last (the
        catalog's price box set to a fresh marker) proves that every event before it has run. An event they
        chained is queued behind that marker, so another round follows as long as the last one brought
        anything besides its own answer (at least two rounds). The markers' own deltas are taken out of
        `updates` again, so what a test reads there is what its events brought."""
        for round_number in range(max_rounds):
            before = len(self.updates)
            marker = f"ping-{uuid.uuid4().hex}"
            self.emit(PING_HANDLER, {"value": marker}, path="/catalog")
            if not self._wait_for(marker, timeout=timeout):
                raise TimeoutError(f"no answer to the ping within {timeout}s (socket closed?): {self.packets[-5:]}")
            self._drop_marker(marker)
            if round_number >= 1 and len(self.updates) == before:
                break
        return self.updates

    def _drop_marker(self, marker: str) -> None:
        """Take the catalog's delta out of the update that carried the marker: that event touched nothing
        else of it (the rest of the update, if any, stays)."""
        for update in list(self.updates):
            delta = update.get("delta", {})
            if delta.get(PING_STATE, {}).get(PING_VAR) == marker:
                del delta[PING_STATE]
                if not delta and not update.get("events"):
                    self.updates.remove(update)

    def received_text(self) -> str:
        return json.dumps(self.updates, ensure_ascii=False)

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> RawEventSocket:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
