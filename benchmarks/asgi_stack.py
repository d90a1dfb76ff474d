"""CPU per request of the REST product list through the shop's whole ASGI stack, in-process: the
Reflex app's middleware, ours, FastAPI's routing and the endpoint, with no socket and no server.

    DATA_DIR=/tmp/bench LOAD_DEMO_DATA=0 taskset -c 1 .venv/bin/python -m benchmarks.asgi_stack \\
        'page=50&size=10&n={n}' --requests 3000 --concurrency 10

`{n}` in the query is replaced by a new number for each request (another query string: no kept
answer). The facet index is kept as a server keeps it. It prints the process's CPU time per request
(every thread: the loop's and the list's threads), beside the wall time: on a shared machine compare
two versions in turn, as with `benchmarks.list_body`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from typing import Any

from store_app.catalog.facet_index.keeper import keep_index
from store_app.core.db import get_engine
from store_app.core.settings import get_settings


def _scope(query: str) -> dict[str, Any]:
    host = get_settings().public_origin.split("://", 1)[-1].encode()
    path = "/api/v1/products"
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", host), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8001),
        "state": {},
    }


async def _run(asgi: Any, queries: Any, requests: int, concurrency: int) -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def one() -> None:
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await asgi(_scope(next(queries)), receive, send)
        if sent[0]["status"] != 200:
            raise SystemExit(f"status {sent[0]['status']}")

    async def client(count: int) -> None:
        for _ in range(count):
            await one()

    await asyncio.gather(*(client(requests // concurrency) for _ in range(concurrency)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("query", help="the list's query string, e.g. 'page=50&size=10&n={n}'")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    from store_app.store_app import app  # compiles the pages: seconds

    asgi = app()
    building = keep_index(get_engine())
    if building is not None:
        building.join()
    queries = (args.query.replace("{n}", str(n)) for n in itertools.count(1))
    asyncio.run(_run(asgi, queries, 100, args.concurrency))  # warm
    cpu, wall = time.process_time(), time.perf_counter()
    asyncio.run(_run(asgi, queries, args.requests, args.concurrency))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    each = 1000 / args.requests
    print(f"{args.query}: {cpu * each:.3f} ms CPU, {wall * each:.3f} ms wall per request")


if __name__ == "__main__":
    main()
