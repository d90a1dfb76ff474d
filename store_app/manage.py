"""Maintenance commands: `python -m store_app.manage {migrate,seed,setup,create-admin}`."""

from __future__ import annotations

import argparse
import logging
import sys

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
    print(f"demo data: {added or 'nothing to add'}")


COMMANDS = {
    "migrate": (_migrate, "apply pending migrations"),
    "seed": (_seed, "load demo data into empty tables"),
    "setup": (lambda: (_migrate(), _seed()), "migrate, then seed"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store_app.manage")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text)
    admin_command.add_arguments(sub.add_parser("create-admin", help="create a staff account (password prompted)"))
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
    COMMANDS[args.command][0]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
