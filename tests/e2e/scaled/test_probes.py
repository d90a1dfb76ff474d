"""The scaled-out shop's probes: `/readyz` checks PostgreSQL and Redis, both workers answer and name themselves."""

from __future__ import annotations

import json
import urllib.request

from tests.e2e.scaled.conftest import WORKERS, ScaledServer


def test_ready_with_database_and_redis_and_every_worker_answers(live_server: ScaledServer) -> None:
    with urllib.request.urlopen(live_server.url + "/readyz", timeout=10) as response:
        assert response.status == 200
        assert json.loads(response.read())["checks"] == {"database": "ok", "redis": "ok"}
    with urllib.request.urlopen(live_server.url + "/healthz", timeout=10) as response:
        assert json.loads(response.read())["status"] == "ok"
    assert len(live_server.worker_pids()) == WORKERS
