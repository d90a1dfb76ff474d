"""Cart capacity of 1 and 2 backend workers on PostgreSQL + Redis side by side, the 2 ÷ 1 ratio per round (issue 10).

    DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale REDIS_URL=redis://127.0.0.1:6379/13 \\
    DATA_DIR=/tmp/bench_scale LOAD_DEMO_DATA=0 \\
      .venv/bin/python -m benchmarks.scaled --pairs 3 --clients 20,40,60

Unlike the other benchmarks this one starts the backends itself on the same database (`bench-data`
loaded, docs/benchmarks.md): what `make run-scaled` starts, backend only, with `GRANIAN_WORKERS`
1 and 2, each setup on a port of its own from `--port` on (its own PUBLIC_URL). All setups are started
first and wait idle while another one is measured, so no round pays for a start (the facet index
build, the pool filling), and the runs of each round follow each other within a minute: the machine's
speed moves by more than a tenth from one minute to the next (docs/benchmarks.md "Scaled out"), which a setup
measured minutes after another took for its own. Each round runs `benchmarks.events` (`--scenario`,
a closed loop per client count) on each setup in turn. A setup's capacity is its best events/s over
the client counts (with that run's p99): with few clients the two workers are not yet saturated. Each
run also prints the CPU each backend process (user + system), PostgreSQL, Redis, the idle setups and
the generator spent per event. `--trees` runs the same rounds for other checkouts of the shop (each
with its own `.venv`), interleaved, so that versions are compared side by side on a noisy machine;
`--in-turn` starts each setup only for its own runs, one after another, as before.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks import events

HERE = Path(__file__).resolve().parents[1]
ACCEPTED = re.compile(r"worker (\d+) accepted the event socket")
WORKER_COUNTS = (1, 2)
CART_TABLES = ("cart", "cart_line")


@dataclasses.dataclass
class Setup:
    """One running backend: a tree's shop with `workers` workers on `port`."""

    tree: Path
    workers: int
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"


@contextlib.contextmanager
def backend(setup: Setup, lease: bool, pool_size: int | None = None):  # type: ignore[no-untyped-def]
    """`reflex run --env prod --backend-only` of the setup's tree with its workers, until the block ends."""
    environment = (
        os.environ
        | ({"DB_POOL_SIZE": str(pool_size)} if pool_size else {})
        | {
            "GRANIAN_WORKERS": str(setup.workers),
            "PUBLIC_URL": setup.url,
            "REFLEX_REDIS_TOKEN_EXPIRATION": "3600",
            "REFLEX_OPLOCK_ENABLED": "1" if lease else "0",
        }
    )
    command = [str(setup.tree / ".venv/bin/reflex"), "run", "--env", "prod", "--backend-only"]
    with setup.log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - the tree's own reflex, no shell
            [*command, "--backend-port", str(setup.port)],
            cwd=setup.tree,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(f"{setup.url}/ping", process)
        setup.process = process
        yield setup
    finally:
        setup.process = None
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


def _sockets_per_worker(log: Path, offset: int) -> str:
    """How the event sockets accepted since `offset` (a position in the log) fell on the workers."""
    with log.open("rb") as text:
        text.seek(offset)
        counts = collections.Counter(ACCEPTED.findall(text.read().decode(errors="replace")))
    return "/".join(str(n) for _, n in sorted(counts.items())) or "-"


def _serves_another_database(pid: str, database: str) -> bool:
    """A PostgreSQL backend of another database (`postgres: 15/main: USER DATABASE HOST(PORT) STATE`):
    another engineer's tests on the shared server, not this benchmark's."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
    except OSError:
        return True
    return len(words) >= 6 and words[3] != database


def cpu_seconds(group: int, idle_groups: set[int], database: str) -> collections.Counter[str]:
    """CPU seconds so far of each process in the measured backend's process group (by pid; their system
    share as "system"), of the idle setups' processes together, of PostgreSQL (its own processes and the
    backends of `database`) and of Redis (Linux /proc; a process that ended between two readings is not
    counted)."""
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
        user, system = int(fields[11]) / ticks, int(fields[12]) / ticks
        if int(fields[2]) == group:
            found[f"pid {entry.name}"] += user + system
            found["system"] += system
        elif int(fields[2]) in idle_groups:
            found["idle setups"] += user + system
        elif name == "redis-server" or (name == "postgres" and not _serves_another_database(entry.name, database)):
            found[name] += user + system
    return found


def vacuum_cart_tables(db_url: str) -> None:
    """`VACUUM (ANALYZE)` the tables a cart click reads and writes, as autovacuum keeps them in a running shop.

    A server without autovacuum (the shared one here runs with `autovacuum = off`) leaves every run's
    row versions in `cart_line` and statistics from before the first cart: a click's read then went
    through a bitmap heap scan for the 190 lines per cart the stale statistics promised and fetched
    13 tuples instead of 4 (`pg_stat_database.tup_fetched` per event), on a table a few runs old."""
    engine = create_engine(make_url(db_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"VACUUM (ANALYZE) {', '.join(CART_TABLES)}"))
    finally:
        engine.dispose()


def _timed_run(setup: Setup, idle: list[Setup], args: argparse.Namespace, clients: int, products: list[int]):  # type: ignore[no-untyped-def]
    """One closed-loop run, with the CPU each part of the machine spent per event meanwhile (ms): the
    clients' set-up and warm-up steps are done before the first reading."""
    assert setup.process is not None
    database = make_url(os.environ["DB_URL"]).database or ""
    groups = {other.process.pid for other in idle if other.process is not None}

    def reading() -> collections.Counter[str]:
        return cpu_seconds(setup.process.pid, groups, database)  # type: ignore[union-attr]

    async def timed() -> tuple[dict[str, Any], collections.Counter[str]]:
        await asyncio.sleep(args.pause)  # the run before this one gives its tabs back meanwhile
        pool = await events.open_pool(args.scenario, setup.url, clients, products)
        try:
            if args.vacuum:
                vacuum_cart_tables(os.environ["DB_URL"])
            before = reading()
            run = await events.measure(pool, args.seconds)
            return run, reading() - before
        finally:
            await events.close_pool(pool)

    run, spent = asyncio.run(timed())
    count = max(1, run["count"])
    run["cpu_ms"] = {name: seconds * 1000 / count for name, seconds in spent.most_common() if seconds > 0.05}
    run["cpu_ms"]["generator"] = run["own_cpu_ms"]
    return run


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def measure(setup: Setup, idle: list[Setup], args: argparse.Namespace) -> dict[str, Any]:
    """Each client count run in turn on a running setup."""
    started, load, offset = time.strftime("%H:%M:%S", time.gmtime()), _load(), setup.log.stat().st_size
    products = events.in_stock_products(setup.url)
    runs = [_timed_run(setup, idle, args, n, products) for n in args.clients]
    best = max(runs, key=lambda run: run["per_second"])
    sockets = _sockets_per_worker(setup.log, offset)
    return {"runs": runs, "best": best, "started": started, "load": load, "sockets": sockets}


def measure_alone(setup: Setup, args: argparse.Namespace) -> dict[str, Any]:
    """`--in-turn`: the setup started for its runs only, stopped after them."""
    with backend(setup, args.lease):
        time.sleep(args.settle)  # each worker's start-up work (the facet index build) is not measured
        return measure(setup, [], args)


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


def _summary(tree: Path, results: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    ones = [one["best"]["per_second"] for one, _ in results]
    twos = [two["best"]["per_second"] for _, two in results]
    ratios = [two / one for one, two in zip(ones, twos, strict=True)]
    figures = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    return (
        f"{tree.name}: 2 ÷ 1 per round {figures} (median {statistics.median(ratios):.2f});"
        f" 1w {min(ones):.0f}-{max(ones):.0f} ev/s, 2w {min(twos):.0f}-{max(twos):.0f} ev/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3, help="rounds: each setup measured once per round")
    parser.add_argument("--clients", type=lambda text: [int(n) for n in text.split(",")], default=[20, 40, 60])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--scenario", default="guest-cart", choices=sorted(events.KINDS))
    parser.add_argument("--settle", type=float, default=8, help="seconds between the starts and the first run")
    parser.add_argument(
        "--pause",
        type=float,
        default=6,
        help="seconds before each run: a run's tabs go back to Redis (lease write-back, unlock) up to 5 s after it,"
        " which the next run paid for",
    )
    parser.add_argument("--port", type=int, default=8101, help="the first setup's port, the next ones follow")
    parser.add_argument("--trees", type=lambda text: [Path(p).resolve() for p in text.split(",")], default=[HERE])
    parser.add_argument("--no-lease", dest="lease", action="store_false", help="Reflex's default state handling")
    parser.add_argument("--in-turn", action="store_true", help="start each setup for its own runs only")
    parser.add_argument(
        "--no-vacuum",
        dest="vacuum",
        action="store_false",
        help="leave out the VACUUM (ANALYZE) of the cart tables before each run (what autovacuum does in a shop)",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=8,
        help="DB_POOL_SIZE of each worker when all setups run at once (2 trees: 6 workers, their connections"
        " must stay below the server's max_connections with room for others); --in-turn keeps DB_POOL_SIZE",
    )
    parser.add_argument("--logs", default=tempfile.gettempdir(), help="folder for the backends' logs")
    args = parser.parse_args()
    if not (os.environ.get("DB_URL", "").startswith("postgresql") and os.environ.get("REDIS_URL")):
        parser.error("set DB_URL (PostgreSQL) and REDIS_URL, see docs/benchmarks.md 'Scaled out'")
    setups = {
        (tree, workers): Setup(tree, workers, args.port + index, Path(args.logs) / f"scaled-{index}-{workers}w.log")
        for index, (tree, workers) in enumerate((tree, workers) for tree in args.trees for workers in WORKER_COUNTS)
    }
    results: dict[Path, list[tuple[dict[str, Any], dict[str, Any]]]] = {tree: [] for tree in args.trees}
    with contextlib.ExitStack() as running:
        if not args.in_turn:
            for setup in setups.values():
                running.enter_context(backend(setup, args.lease, args.pool_size))
            time.sleep(args.settle)  # each worker's start-up work (the facet index build) is not measured
        for pair in range(1, args.pairs + 1):
            for tree in args.trees:
                label = f"pair {pair} {tree.name}"
                one, two = (_measured(setups, setups[tree, workers], args, label) for workers in WORKER_COUNTS)
                results[tree].append((one, two))
                ratio = two["best"]["per_second"] / one["best"]["per_second"]
                print(
                    f"{label}: capacity 1w {one['best']['per_second']:.0f} ev/s (p99 {one['best']['p99']:.0f} ms),"
                    f" 2w {two['best']['per_second']:.0f} ev/s (p99 {two['best']['p99']:.0f} ms), 2 ÷ 1 = {ratio:.2f}",
                    flush=True,
                )
    for tree in args.trees:
        print(_summary(tree, results[tree]), flush=True)


def _measured(
    setups: dict[tuple[Path, int], Setup], setup: Setup, args: argparse.Namespace, label: str
) -> dict[str, Any]:
    if args.in_turn:
        result = measure_alone(setup, args)
    else:
        result = measure(setup, [other for other in setups.values() if other is not setup], args)
    print(_describe(label, setup.workers, result), flush=True)
    return result


if __name__ == "__main__":
    main()
