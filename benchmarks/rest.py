"""HTTP load on the REST API's product list and detail (starts nothing; uses `wrk` when installed).

    .venv/bin/python -m benchmarks.rest http://localhost:8001 --connections 10 --seconds 10
    .venv/bin/python -m benchmarks.rest http://localhost:8001 --path '/api/v1/products?page=50&size=10'

A `{n}` in a path is replaced by 1, 2, ... --spread in turn (the built-in client only), so that
`'/api/v1/products?page={n}&size=10'` asks for a different page each time: the figure of answers
built afresh rather than kept (see store_app/api/answer_cache.py).

Without `wrk` (or with --no-wrk) its own asyncio client keeps N HTTP/1.1 connections busy for S
seconds and prints requests per second and p50/p99. Run it on another core than the server
(`taskset -c 1 ...`): the client costs CPU too. With `--server-pid PID` (the server's top process:
its descendants, e.g. Granian's or gunicorn's workers, count too) it also prints the server's CPU
per request and the share of a core it used over the measured seconds (Linux `/proc`), and the load
average: on a shared machine a rate alone says little.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_PATHS = ["/api/v1/products?page=50&size=10", "/api/v1/products/product-5000"]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """The status, and whether the server closes the connection after this response."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    closes = re.search(rb"(?i)\r\nconnection:\s*close", head) is not None
    length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if length:
        await reader.readexactly(int(length.group(1)))
    else:  # chunked
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, closes


def _requests(url: str, path: str, headers: list[str], spread: int) -> Iterator[bytes]:
    """The request to send, again and again; with `{n}` in the path, n runs through 1..spread."""
    host = urlsplit(url).netloc
    numbers = itertools.cycle(range(1, spread + 1)) if "{n}" in path else itertools.repeat(0)
    for number in numbers:
        target = path.replace("{n}", str(number))
        lines = [f"GET {target} HTTP/1.1", f"Host: {host}", "Accept: application/json", *headers]
        yield ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _connection(
    url: str, requests: Iterator[bytes], until: float, samples: list[float], errors: list[str]
) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(next(requests))
            status, closes = await _read_response(reader)
            if closes:  # a server without keep-alive (gunicorn's sync worker): a new connection each time
                writer.close()
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
            if status != 200:
                errors.append(str(status))
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        writer.close()


def _tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds so far of `root` and every process below it (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    spent: dict[int, float] = {}
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        spent[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, grown = {root}, True
    while grown:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grown = bool(below)
    return sum(spent.get(pid, 0.0) for pid in tree)


def _load() -> str:
    loadavg = Path("/proc/loadavg")
    return " ".join(loadavg.read_text().split()[:3]) if loadavg.exists() else "?"


async def own_client(
    url: str, path: str, connections: int, seconds: float, headers: list[str], spread: int, server_pid: int | None
) -> str:
    requests = _requests(url, path, headers, spread)  # shared: the connections take the numbers in turn
    await _connection(url, requests, time.perf_counter() + 1, [], [])  # warm-up
    samples: list[float] = []
    errors: list[str] = []
    load = _load()
    cpu = _tree_cpu_seconds(server_pid) if server_pid else 0.0
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_connection(url, requests, until, samples, errors) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    cpu = _tree_cpu_seconds(server_pid) - cpu if server_pid else 0.0
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    failed = f"  non-200: {len(errors)}" if errors else ""
    server = ""
    if server_pid:
        server = f"  server {cpu * 1000 / len(samples):5.2f} ms CPU/req, {cpu / elapsed:.2f} of a core"
    return (
        f"{path}  {connections} conn  {len(samples) / elapsed:8.1f} req/s"
        f"  p50 {statistics.median(samples):6.2f} ms  p99 {p99:6.2f} ms{failed}{server}  load {load}"
    )


def with_wrk(url: str, path: str, connections: int, seconds: float, headers: list[str]) -> str:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    command += [part for header in headers for part in ("-H", header)] + [url + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - fixed argv
    rate = re.search(r"Requests/sec:\s*([\d.]+)", output)
    p50 = re.search(r"50%\s+(\S+)", output)
    p99 = re.search(r"99%\s+(\S+)", output)
    found = [match.group(1) if match else "?" for match in (rate, p50, p99)]
    return f"{path}  {connections} conn  {found[0]} req/s  p50 {found[1]}  p99 {found[2]} (wrk)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the server, e.g. http://localhost:8001")
    parser.add_argument("--path", action="append", help=f"repeatable; default {' and '.join(DEFAULT_PATHS)}")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--header", action="append", default=[], help="repeatable, e.g. 'Authorization: Bearer ...'")
    parser.add_argument("--spread", type=int, default=1000, help="how far {n} in a path counts (default 1000)")
    parser.add_argument("--no-wrk", action="store_true", help="use the built-in client even when wrk is installed")
    parser.add_argument("--server-pid", type=int, help="the server's top process: print its CPU per request")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    use_wrk = shutil.which("wrk") is not None and not args.no_wrk
    for path in args.path or DEFAULT_PATHS:
        if use_wrk and "{n}" not in path and not args.server_pid:
            print(with_wrk(url, path, args.connections, args.seconds, args.header), flush=True)
        else:
            print(
                asyncio.run(
                    own_client(url, path, args.connections, args.seconds, args.header, args.spread, args.server_pid)
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
