"""Maintenance commands: `python -m store_app.manage {migrate,seed,setup,serve,create-admin,bench-data}`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from store_app.accounts import admin_command
from store_app.core.settings import SettingsError, get_settings


def _migrate() -> None:
    from store_app.core.migrations import upgrade_to_head

    upgrade_to_head()
    print("database is at the newest revision")


def _seed() -> None:
    from store_app.core.db import session_scope
    from store_app.demo import load_demo_data

    if not get_settings().load_demo_data:
        print("LOAD_DEMO_DATA is off: no demo data loaded")
        return
    with session_scope() as session:
        added = load_demo_data(session=session)
    if any(added.values()):
        print("demo data added: " + ", ".join(f"{name} {rows} rows" for name, rows in added.items()))
    else:
        print("demo data: nothing to add, the shop already has its accounts and catalog")


def _serve() -> None:
    """Replace this process by `reflex run` in production mode on HOST:PORT (one port for page and backend)."""
    settings = get_settings()
    reflex = str(Path(sys.executable).with_name("reflex"))
    port = str(settings.port)
    print(f"store_app listens on {settings.host}:{port}; open {settings.public_origin}", flush=True)
    command = [reflex, "run", "--env", "prod", "--frontend-port", port, "--backend-port", port]
    os.execv(reflex, [*command, "--backend-host", settings.host])  # noqa: S606 - our own venv's reflex, no shell


def _bench_data(args: argparse.Namespace) -> None:
    # Benchmarks only: a generated catalog and shoppers with a known password (benchmarks/README in README.md).
    from benchmarks.shop_data import load_benchmark_data

    _migrate()
    added = load_benchmark_data(products=args.products, categories=args.categories, shoppers=args.shoppers)
    print(f"benchmark data: {added}")


COMMANDS = {
    "migrate": (_migrate, "apply pending migrations"),
    "seed": (_seed, "load demo data into empty tables"),
    "setup": (lambda: (_migrate(), _seed()), "migrate, then seed"),
    "serve": (_serve, "start the shop on HOST:PORT (what `make run` does after setup)"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store_app.manage")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text)
    admin_command.add_arguments(sub.add_parser("create-admin", help="create a staff account (password prompted)"))
    bench = sub.add_parser("bench-data", help="migrate, then load the benchmark catalog and shoppers (empty catalog)")
    bench.add_argument("--products", type=int, default=10_000)
    bench.add_argument("--categories", type=int, default=30)
    bench.add_argument("--shoppers", type=int, default=40)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        get_settings().check()
    except SettingsError as exc:
        print(f"store_app refuses to start: {exc}", file=sys.stderr)
        return 2
    if args.command == "create-admin":
        return admin_command.run(args)
    if args.command == "bench-data":
        _bench_data(args)
        return 0
    COMMANDS[args.command][0]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
