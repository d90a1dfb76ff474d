"""Catalog and cart latency while 20 logins run at once, side by side with the idle figures (issue 18).

Run against a shop that is already running (it starts nothing itself; see README, "Logins under load"):

    .venv/bin/python -m benchmarks.logins_under_load http://localhost:3000 [--rounds 5] [--logins 20]

Each round measures `GET /api/v1/products` and a cart event (`CartState.load` over the Reflex
event socket, as the cart page sends it) while nothing else runs, then again while `--logins`
logins of the demo shopper go through the real login route (`POST /api/v1/auth/browser/login`)
at the same moment. Prints p50/p99 for both phases over all rounds, each round's ratios to its own
idle phase, and how the logins ended.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.utils.raw_event_socket import NAMESPACE, RawEventSocket, guest_cookie

CART_STATE = "reflex___state____state.store_app___cart___state____cart_state"
CART_LOAD = f"{CART_STATE}.load"
CART_DELTA = f'"{CART_STATE}":{{'  # the answer to the event: a delta of the cart's state
HYDRATE = "reflex___state____state.hydrate"
DEMO_LOGIN, DEMO_PASSWORD = "shopper", "maple-ticket-31"  # the README's demo shopper


@dataclass
class Samples:
    catalog: list[float] = field(default_factory=list)
    cart: list[float] = field(default_factory=list)


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "localhost", parts.port or 80, timeout=60)


def _timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _get_catalog(connection: http.client.HTTPConnection) -> None:
    connection.request("GET", "/api/v1/products?size=20")
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"GET /api/v1/products answered {response.status}")


def _cart_event(socket: RawEventSocket) -> None:
    socket.emit(CART_LOAD, path="/cart")
    socket._expect(lambda packet: packet.startswith(f"42{NAMESPACE},") and CART_DELTA in packet, timeout=60)


def _measure(url: str, socket: RawEventSocket, samples: Samples, stop: threading.Event, pause: float) -> None:
    """Alternate one catalog request and one cart event until `stop` is set."""
    connection = _connection(url)
    while not stop.is_set():
        samples.catalog.append(_timed_ms(lambda: _get_catalog(connection)))
        samples.cart.append(_timed_ms(lambda: _cart_event(socket)))
        time.sleep(pause)
    connection.close()


def _log_in(url: str, outcomes: list[str], durations: list[float], start: threading.Event) -> None:
    body = urllib.parse.urlencode({"identifier": DEMO_LOGIN, "password": DEMO_PASSWORD, "next": "/"})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": url.rstrip("/")}
    connection = _connection(url)
    start.wait()
    began = time.perf_counter()
    connection.request("POST", "/api/v1/auth/browser/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    durations.append((time.perf_counter() - began) * 1000)
    location = response.getheader("location", "")
    if response.status == 303 and response.getheader("set-cookie"):
        outcomes.append("logged in")
    elif "error=busy" in location:
        outcomes.append("busy (try again)")
    else:
        outcomes.append(f"{response.status} {location}")
    connection.close()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _p99(values: list[float]) -> float:
    return _percentile(values, 0.99)


def _ratio(statistic: Callable[[list[float]], float], idle: list[float], busy: list[float]) -> float:
    return statistic(busy) / statistic(idle) if idle and busy else float("nan")


def _row(name: str, idle: list[float], busy: list[float]) -> str:
    p50 = (statistics.median(idle), statistics.median(busy))
    p99 = (_percentile(idle, 0.99), _percentile(busy, 0.99))
    return (
        f"{name:<22}{p50[0]:>9.1f}{p50[1]:>11.1f}{p50[1] / p50[0]:>7.1f}x"
        f"{p99[0]:>11.1f}{p99[1]:>11.1f}{p99[1] / p99[0]:>7.1f}x{len(idle):>7}{len(busy):>7}"
    )


def run(url: str, *, rounds: int, logins: int, idle_seconds: float, pause: float) -> None:
    socket = RawEventSocket(url, headers={"Cookie": guest_cookie(url)})
    socket.emit(HYDRATE, path="/cart")
    socket.emit(f"{CART_STATE}.add", {"product_id": 1, "quantity": 1}, path="/cart")  # a cart with a line to read
    socket.settle(1.0)
    idle, busy = Samples(), Samples()
    outcomes: list[str] = []
    durations: list[float] = []
    per_round: list[tuple[Samples, Samples]] = []
    for _ in range(rounds):
        round_idle, round_busy = Samples(), Samples()
        per_round.append((round_idle, round_busy))
        stop = threading.Event()
        meter = threading.Thread(target=_measure, args=(url, socket, round_idle, stop, pause))
        meter.start()
        time.sleep(idle_seconds)
        stop.set()
        meter.join()

        stop, start = threading.Event(), threading.Event()
        callers = [threading.Thread(target=_log_in, args=(url, outcomes, durations, start)) for _ in range(logins)]
        for caller in callers:
            caller.start()
        meter = threading.Thread(target=_measure, args=(url, socket, round_busy, stop, pause))
        start.set()
        meter.start()
        for caller in callers:
            caller.join()
        stop.set()
        meter.join()
        for total, part in ((idle, round_idle), (busy, round_busy)):
            total.catalog += part.catalog
            total.cart += part.cart
    socket.close()

    print(f"{url}: {rounds} rounds of {logins} logins at once; latency in ms")
    heading = ("idle p50", 9), ("logins p50", 11), ("", 8), ("idle p99", 11), ("logins p99", 11), ("", 8)
    print(" " * 22 + "".join(f"{text:>{width}}" for text, width in heading) + f"{'n idle':>7}{'n busy':>7}")
    print(_row("GET /api/v1/products", idle.catalog, busy.catalog))
    print(_row("cart event (load)", idle.cart, busy.cart))
    # Each round against its own idle phase (a round's p99 is about its slowest sample or two).
    for number, (round_idle, round_busy) in enumerate(per_round, 1):
        ratios = [
            f"{name} p50 {_ratio(statistics.median, quiet, loaded):.1f}x p99 {_ratio(_p99, quiet, loaded):.1f}x"
            for name, quiet, loaded in (
                ("catalog", round_idle.catalog, round_busy.catalog),
                ("cart", round_idle.cart, round_busy.cart),
            )
        ]
        print(f"round {number}: " + ", ".join(ratios))
    tally = {outcome: outcomes.count(outcome) for outcome in sorted(set(outcomes))}
    print(f"logins: {tally}; slowest {max(durations):.0f} ms, median {statistics.median(durations):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the running shop, e.g. http://localhost:3000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--logins", type=int, default=20)
    parser.add_argument("--idle-seconds", type=float, default=2.0)
    parser.add_argument("--pause", type=float, default=0.005, help="seconds between two measurements")
    args = parser.parse_args()
    run(args.url.rstrip("/"), rounds=args.rounds, logins=args.logins, idle_seconds=args.idle_seconds, pause=args.pause)


if __name__ == "__main__":
    main()
