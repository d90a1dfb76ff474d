"""Cart capacity of 1 and 2 backend workers on PostgreSQL + Redis, in turn, with the 2 ÷ 1 ratio per pair (issue 10).

    DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale REDIS_URL=redis://127.0.0.1:6379/13 \\
    DATA_DIR=/tmp/bench_scale LOAD_DEMO_DATA=0 PUBLIC_URL=http://localhost:8101 \\
      .venv/bin/python -m benchmarks.scaled --pairs 3 --clients 20,40,60

Unlike the other benchmarks this one starts the backends itself, one after the other on the same
port and database (`bench-data` loaded, README "Load benchmarks"): what `make run-scaled` starts,
backend only, with `GRANIAN_WORKERS` 1 then 2. Each runs `benchmarks.events` (`--scenario`, a
closed loop per client count) and is stopped (SIGTERM) before the next starts. A setup's capacity
is its best events/s over the client counts (with that run's p99): with few clients the two workers
are not yet saturated. Each run also prints the CPU each backend process, PostgreSQL, Redis and the
generator spent per event. `--trees` runs the same pairs for other checkouts of the shop (each with
its own `.venv`), interleaved, so that versions are compared side by side on a noisy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import make_url

from benchmarks import events

HERE = Path(__file__).resolve().parents[1]
ACCEPTED = re.compile(r"worker (\d+) accepted the event socket")


@contextlib.contextmanager
def backend(tree: Path, workers: int, port: int, log: Path, lease: bool):  # type: ignore[no-untyped-def]
    """`reflex run --env prod --backend-only` of `tree` with `workers` Granian workers, until the block ends."""
    environment = os.environ | {
        "GRANIAN_WORKERS": str(workers),
        "REFLEX_REDIS_TOKEN_EXPIRATION": "3600",
        "REFLEX_OPLOCK_ENABLED": "1" if lease else "0",
    }
    command = [str(tree / ".venv/bin/reflex"), "run", "--env", "prod", "--backend-only", "--backend-port", str(port)]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - the tree's own reflex, no shell
            command, cwd=tree, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for(f"http://localhost:{port}/ping", process)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the backend exited ({process.returncode}) before answering {url}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def _sockets_per_worker(log: Path) -> str:
    counts = collections.Counter(ACCEPTED.findall(log.read_text(errors="replace")))
    return "/".join(str(n) for _, n in sorted(counts.items())) or "-"


def _serves_another_database(pid: str, database: str) -> bool:
    """A PostgreSQL backend of another database (`postgres: 15/main: USER DATABASE HOST(PORT) STATE`):
    another engineer's tests on the shared server, not this benchmark's."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
    except OSError:
        return True
    return len(words) >= 6 and words[3] != database


def cpu_seconds(group: int, database: str) -> collections.Counter[str]:
    """CPU seconds so far of each process in the backend's process group (by pid), of PostgreSQL (its own
    processes and the backends of `database`) and of Redis (Linux /proc; a process that ended between two
    readings is not counted)."""
    found: collections.Counter[str] = collections.Counter()
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if not stat:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        if int(fields[2]) == group:
            found[f"pid {entry.name}"] += seconds
        elif name == "redis-server" or (name == "postgres" and not _serves_another_database(entry.name, database)):
            found[name] += seconds
    return found


def _timed_run(process: subprocess.Popen[bytes], args: argparse.Namespace, url: str, clients: int, products: list[int]):  # type: ignore[no-untyped-def]
    """One closed-loop run, with the CPU each part of the machine spent per event meanwhile (ms)."""
    database = make_url(os.environ["DB_URL"]).database or ""
    before = cpu_seconds(process.pid, database)
    run = asyncio.run(events.run(args.scenario, url, clients, args.seconds, products))
    spent = cpu_seconds(process.pid, database) - before
    count = max(1, run["count"])
    run["cpu_ms"] = {name: seconds * 1000 / count for name, seconds in spent.most_common() if seconds > 0.05}
    run["cpu_ms"]["generator"] = run["own_cpu_ms"]
    return run


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def measure(tree: Path, workers: int, args: argparse.Namespace) -> dict[str, Any]:
    """One setup: the backend started, each client count run in turn, the backend stopped."""
    url, log = f"http://localhost:{args.port}", Path(args.logs) / f"scaled-{workers}w.log"
    started, load = time.strftime("%H:%M:%S", time.gmtime()), _load()
    with backend(tree, workers, args.port, log, args.lease) as process:
        time.sleep(args.settle)  # each worker's start-up work (the facet index build) is not measured
        products = events.in_stock_products(url)
        runs = [_timed_run(process, args, url, n, products) for n in args.clients]
    best = max(runs, key=lambda run: run["per_second"])
    return {"runs": runs, "best": best, "started": started, "load": load, "sockets": _sockets_per_worker(log)}


def _describe(label: str, workers: int, result: dict[str, Any]) -> str:
    runs = "  ".join(
        f"{run['clients']}: {run['per_second']:.0f} ev/s p99 {run['p99']:.0f} ms idle {run['idle']:.0%}"
        + (f" errors {len(run['errors'])}" if run["errors"] else "")
        + " (CPU ms/event: "
        + ", ".join(f"{name} {ms:.2f}" for name, ms in run["cpu_ms"].items())
        + ")"
        for run in result["runs"]
    )
    return f"{label} {workers}w {result['started']} UTC load {result['load']}  {runs}  sockets {result['sockets']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--clients", type=lambda text: [int(n) for n in text.split(",")], default=[20, 40, 60])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--scenario", default="guest-cart", choices=sorted(events.KINDS))
    parser.add_argument("--settle", type=float, default=8, help="seconds between a start and its first run")
    parser.add_argument("--port", type=int, default=8101, help="PUBLIC_URL must be http://localhost:PORT")
    parser.add_argument("--trees", type=lambda text: [Path(p).resolve() for p in text.split(",")], default=[HERE])
    parser.add_argument("--no-lease", dest="lease", action="store_false", help="Reflex's default state handling")
    parser.add_argument("--logs", default=tempfile.gettempdir(), help="folder for the backends' logs")
    args = parser.parse_args()
    if not (os.environ.get("DB_URL", "").startswith("postgresql") and os.environ.get("REDIS_URL")):
        parser.error("set DB_URL (PostgreSQL) and REDIS_URL, see README 'Scaled out'")
    for pair in range(1, args.pairs + 1):
        for tree in args.trees:
            label = f"pair {pair} {tree.name}"
            one = measure(tree, 1, args)
            print(_describe(label, 1, one), flush=True)
            two = measure(tree, 2, args)
            print(_describe(label, 2, two), flush=True)
            ratio = two["best"]["per_second"] / one["best"]["per_second"]
            print(
                f"{label}: capacity 1w {one['best']['per_second']:.0f} ev/s (p99 {one['best']['p99']:.0f} ms),"
                f" 2w {two['best']['per_second']:.0f} ev/s (p99 {two['best']['p99']:.0f} ms), 2 ÷ 1 = {ratio:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
