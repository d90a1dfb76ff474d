"""Graceful shutdown of a backend worker: on SIGTERM, in-flight events finish before the worker stops.

Granian turns SIGTERM into the ASGI lifespan shutdown. Reflex's event processor would then cancel
running handlers at once; this lifespan hook gives them EVENT_GRACE_SECONDS to finish first, and
marks the worker as draining so `/readyz` answers 503 meanwhile. The mail job's grace lives in
store_app.core.periodic. A handler's database work is one transaction either way, so nothing is
ever half-written; the grace is what lets the shopper's click succeed instead of being dropped.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from store_app.ops.health import start_draining

logger = logging.getLogger(__name__)

EVENT_GRACE_SECONDS = 10.0


@contextlib.asynccontextmanager
async def graceful_shutdown(app: Any) -> AsyncIterator[None]:
    # Registered after Reflex's own `_setup_event_processor`, so the processor exists by now; it is
    # a private attribute, but the only place the drain time can be set in Reflex 0.10.1.
    processor = getattr(app, "_event_processor", None)
    if processor is not None:
        processor.graceful_shutdown_timeout = EVENT_GRACE_SECONDS
    else:
        logger.warning("no Reflex event processor found: in-flight events are cancelled at shutdown")
    yield
    start_draining()
    logger.info("worker %s shutting down: finishing in-flight events and jobs", os.getpid())
