"""The shutdown hook: Reflex's event processor gets a drain time, and the worker reports itself draining."""

from __future__ import annotations

import asyncio
import dataclasses
import types

from store_app.ops import health
from store_app.ops.shutdown import EVENT_GRACE_SECONDS, graceful_shutdown


def test_in_flight_events_get_a_drain_time_and_readiness_ends_at_shutdown() -> None:
    processor = types.SimpleNamespace(graceful_shutdown_timeout=None)
    app = types.SimpleNamespace(_event_processor=processor)

    async def lifespan() -> None:
        async with graceful_shutdown(app):
            assert processor.graceful_shutdown_timeout == EVENT_GRACE_SECONDS
            assert not health._draining
        assert health._draining

    try:
        asyncio.run(lifespan())
    finally:
        health._draining = False


def test_reflex_event_processor_still_has_the_drain_time_field() -> None:
    """The hook sets a field of a Reflex class: an upgrade that renames it must fail here, not silently."""
    from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

    assert "graceful_shutdown_timeout" in {field.name for field in dataclasses.fields(BaseStateEventProcessor)}
