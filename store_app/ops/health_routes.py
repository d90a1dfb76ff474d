"""ASGI wrapper answering `GET /healthz` (the process is up) and `GET /readyz` (it can serve: 200 or 503)."""

from __future__ import annotations

import asyncio
import os

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from store_app.ops.health import readiness

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"


class HealthRoutes:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path") if scope["type"] == "http" else None
        if path == HEALTH_PATH:
            response = JSONResponse({"status": "ok", "worker": os.getpid()}, headers={"cache-control": "no-store"})
        elif path == READY_PATH:
            ready, checks = await asyncio.to_thread(readiness)
            response = JSONResponse(
                {"status": "ready" if ready else "unavailable", "checks": checks, "worker": os.getpid()},
                status_code=200 if ready else 503,
                headers={"cache-control": "no-store"},
            )
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)
