"""What one password login costs the backend besides its hash: SQL statements and Python CPU (issue 18).

Run: .venv/bin/python -m benchmarks.login_cost [--logins 30] [--profile]

The hash runs on the password pool's own thread and releases the GIL; everything else a login does
(lookups, lockout checks, rows, tokens, the new-device mail) runs on the caller's thread and holds
the GIL, which is what the event loop and the request threads wait for while logins run. This script
logs in a shopper many times through `password_login` (what the login form's route calls) on a fresh
SQLite database of its own, and prints, per kind of login, the statements sent and the CPU time of
the calling thread (`time.thread_time`, so the hash thread's time is not in it). `--profile` adds the
functions that cost the calling thread most (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IP = "198.51.100.9"
WRONG_PASSWORD = "not-the-password"  # noqa: S105 - a throwaway value that matches no account


def _prepare(folder: Path) -> None:
    os.environ.update(
        APP_ENV="test", DATA_DIR=str(folder), DB_URL=f"sqlite:///{folder / 'store.db'}", LOAD_DEMO_DATA="0"
    )
    from store_app.core.migrations import upgrade_to_head

    upgrade_to_head()


def _kinds(logins: int) -> dict[str, Callable[[], object]]:
    """One login of each kind, each in its own transaction as the route makes it."""
    from store_app.accounts.login.service import LoginFailed
    from store_app.accounts.login.token_login import password_login
    from store_app.core.db import session_scope
    from tests.utils.factories import PASSWORD, make_shopper

    with session_scope() as session:
        login = make_shopper(session).login
        # A wrong password counts against the account and the IP: each try gets an account and an IP of its own.
        victims = iter([make_shopper(session).login for _ in range(logins + 1)])
    addresses = iter(f"203.0.113.{n % 250}" for n in range(10**6))

    def attempt(
        *,
        identifier: str = login,
        password: str = PASSWORD,
        ip: str = IP,
        device: str | None = None,
        browser: bool = True,
    ) -> object:
        with session_scope() as session:
            return password_login(
                session=session,
                identifier=identifier,
                password=password,
                ip=ip,
                user_agent=FIREFOX,
                device_token=device,
                browser=browser,
            )

    known = attempt().device_token  # type: ignore[attr-defined]  # the first login: no notice, a device cookie

    def wrong() -> None:
        try:
            attempt(identifier=next(victims), password=WRONG_PASSWORD, ip=next(addresses))
        except LoginFailed:
            return
        raise AssertionError("a wrong password logged in")

    return {
        "browser, new device (mail)": lambda: attempt(),
        "browser, known device": lambda: attempt(device=known),
        "API (no device cookie)": lambda: attempt(browser=False),
        "wrong password": wrong,
    }


def _measure(action: Callable[[], object], logins: int) -> tuple[float, float, Counter[str]]:
    from store_app.core.db import get_engine
    from tests.utils.statements import statements_sent

    cpu: list[float] = []
    with statements_sent(get_engine()) as seen:
        for _ in range(logins):
            start = time.thread_time()
            action()
            cpu.append((time.thread_time() - start) * 1000)
    statements = Counter(statement.split(None, 1)[0].upper() for statement in seen)
    per_login = Counter({kind: count // logins for kind, count in statements.items()})
    return statistics.median(cpu), sorted(cpu)[int(0.9 * (len(cpu) - 1))], per_login


def _profile(action: Callable[[], object], logins: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(logins):
        action()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=30, help="logins of each kind")
    parser.add_argument("--profile", action="store_true", help="print the costliest functions per kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _prepare(Path(folder))
        kinds = _kinds(args.logins * (2 if args.profile else 1))
        for action in kinds.values():
            action()  # warm up: templates compiled, statements cached
        print(f"{args.logins} logins of each kind; CPU of the calling thread (the hash not included)")
        print(f"{'':<28}{'CPU p50':>9}{'CPU p90':>9}  statements per login")
        for name, action in kinds.items():
            p50, p90, per_login = _measure(action, args.logins)
            shown = ", ".join(f"{count} {kind}" for kind, count in sorted(per_login.items()))
            print(f"{name:<28}{p50:>7.2f}ms{p90:>7.2f}ms  {sum(per_login.values())}: {shown}")
        if args.profile:
            for name, action in kinds.items():
                print(f"\n== {name}\n{_profile(action, args.logins)}")


if __name__ == "__main__":
    main()
