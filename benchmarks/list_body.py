"""CPU time of one REST product-list body built afresh, in-process (no server, no answer cache).

    DATA_DIR=/tmp/bench .venv/bin/python -m benchmarks.list_body 'page=50&size=10' --bodies 400

Runs `api.products._list_body` (filters read, search, page extras, JSON) for the query string, with
`{n}` replaced by 1..900 in turn, on the database of the current settings, with the facet index kept
as a server keeps it (`--sql`: without, as before the index answered listings). It prints the thread's CPU
time per body beside the wall time: on a shared machine the CPU figure moves far less than a
request rate. To compare two versions, run it from each one's tree (`git worktree add /tmp/before
REV`, then `PYTHONPATH=/tmp/before`) against the same data, in turn (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import time

from starlette.requests import Request

from store_app.api.products import _list_body
from store_app.catalog.facet_index.keeper import keep_index
from store_app.core.db import get_engine
from store_app.core.settings import get_settings


def _request(query: str) -> Request:
    origin = get_settings().public_origin
    host = origin.split("://", 1)[-1].encode()
    return Request(
        {"type": "http", "method": "GET", "path": "/api/v1/products", "query_string": query.encode(), "root_path": ""}
        | {"headers": [(b"host", host)], "scheme": origin.split("://", 1)[0], "server": None}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("query", help="the list's query string, e.g. 'page=50&size=10' or 'page={n}&size=10'")
    parser.add_argument("--bodies", type=int, default=400)
    parser.add_argument("--sql", action="store_true", help="no facet index: every page read by SQL")
    args = parser.parse_args()
    building = None if args.sql else keep_index(get_engine())
    if building is not None:
        building.join()
    requests = [_request(args.query.replace("{n}", str(index % 900 + 1))) for index in range(args.bodies)]
    for request in requests[:30]:  # warm: statement caches, the kept counts, the connection pool
        _list_body(request)
    cpu, wall = time.thread_time(), time.perf_counter()
    for request in requests:
        _list_body(request)
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    print(f"{args.query}: {cpu / args.bodies * 1000:.3f} ms CPU, {wall / args.bodies * 1000:.3f} ms wall per body")


if __name__ == "__main__":
    main()
