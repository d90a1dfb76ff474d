"""The load generator's closed loop (`benchmarks.events` on `ws_client.Loop`) against the live shop: it counts
exactly the replies to the events it sent (each the cart of the quantity in flight, the last one the cart's
quantity in the database), while it builds each event's frame once per client and decodes no reply's JSON
(what it spends per event it takes from the shop it measures: they share the cores)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import struct
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from benchmarks import events, ws_client
from store_app.cart.models import CartLine
from tests.e2e.conftest import LiveServer
from tests.utils.live_shop import live_product, live_session

CLIENTS = 3
WARMUP = 5
SECONDS = 2.0
_loads = json.loads  # the test's own decoding, outside the count of the generator's


def _payload(frame: bytes) -> bytes:
    """What a masked client frame carries."""
    size, at = frame[1] & 0x7F, 2
    if size == 126:
        (size,), at = struct.unpack_from("!H", frame, 2), 4
    key, data = frame[at : at + 4], frame[at + 4 : at + 4 + size]
    return bytes(byte ^ key[index % 4] for index, byte in enumerate(data))


def _quantity_sent(frame: bytes) -> int:
    event = _loads(_payload(frame).decode().removeprefix(ws_client.EVENT_PREFIX))[1]
    return int(event["payload"]["value"])


class Counted:
    """Calls of the generator's frame building and JSON decoding, and every reply the loop took, with the
    quantity of the event then in flight."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.frames = self.decoded = 0
        self.replies: list[tuple[int, dict[str, Any]]] = []
        frame, reply = ws_client.frame, ws_client.Loop.reply

        def counted_frame(*args: Any, **kwargs: Any) -> bytes:
            self.frames += 1
            return frame(*args, **kwargs)

        def counted_loads(*args: Any, **kwargs: Any) -> Any:
            self.decoded += 1
            return _loads(*args, **kwargs)

        def recorded_reply(loop: ws_client.Loop, message: bytes) -> bool:
            in_flight = _quantity_sent(loop.frames[loop.turn % len(loop.frames)])
            taken = reply(loop, message)
            if taken:  # decoded here, by the test, outside the generator's counts
                self.replies.append((in_flight, _loads(message[len(ws_client.EVENT_PREFIX) :])[1]))
            return taken

        monkeypatch.setattr(ws_client, "frame", counted_frame)
        monkeypatch.setattr(ws_client.json, "loads", counted_loads)
        monkeypatch.setattr(ws_client.Loop, "reply", recorded_reply)


@pytest.fixture
def products(live_server: LiveServer) -> Iterator[list[int]]:
    yield [live_product(live_server, name=f"Нагрузочный чайник {n}", stock=60).id or 0 for n in range(CLIENTS)]


def _quantities(live_server: LiveServer, products: list[int]) -> list[int]:
    with live_session(live_server) as session:
        lines = session.exec(select(CartLine).where(CartLine.product_id.in_(products))).all()  # type: ignore[attr-defined]
    by_product = {line.product_id: line.quantity for line in lines}
    assert len(lines) == len(products), "each client's product is in one cart, its own"
    return [by_product[product] for product in products]


def test_the_closed_loop_counts_each_reply_once_and_builds_its_frames_once(
    live_server: LiveServer, products: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> tuple[dict[str, Any], list[int], Counted]:
        pool = await events.open_pool("guest-cart", live_server.url, CLIENTS, products, warmup=WARMUP)
        try:
            counted = Counted(monkeypatch)
            result = await events.measure(pool, SECONDS)
            monkeypatch.undo()
            return result, [client.turn for client in pool], counted
        finally:
            await events.close_pool(pool)

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        result, turns, counted = thread.submit(asyncio.run, scenario()).result()
    cart = events.NAMES["cart"]

    assert not result["errors"], result["errors"]
    assert result["count"] >= 10 * CLIENTS, result  # enough events for the counts below to mean something
    assert result["count"] == len(counted.replies) == sum(turns) - CLIENTS * WARMUP
    for in_flight, update in counted.replies:
        assert update["delta"][cart]["items_count_rx_state_"] == in_flight, "a reply taken for another event's"
    # Set to 2 and 1 in turn from the first step on: the last quantity sent is what each cart holds now.
    assert _quantities(live_server, products) == [2 if turn % 2 else 1 for turn in turns]
    assert counted.frames == 2 * CLIENTS, "each client's two frames are built once, not once per event"
    assert counted.decoded == 0, "the generator decoded a reply's JSON"
