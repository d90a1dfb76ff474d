"""Load generator for the shop's Reflex events over the real websocket protocol (starts nothing).

    .venv/bin/python -m benchmarks.events http://localhost:8001 --clients 10,20 --seconds 10

Each scenario first runs one client alone (p50/p90/p99), then N clients in a closed loop (each
sends its next event when the previous one's state update arrived) for S seconds: events per
second and p50/p99. The shop under test should hold the benchmark data
(`python -m store_app.manage bench-data`, see README.md): logged-in scenarios use its shoppers.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx

from benchmarks.shop_data import SHOPPER_PASSWORD, shopper_login
from benchmarks.ws_client import EventSocket, Loop, event_frame, state_marker

SCENARIOS = ["nodb", "guest-cart", "user-cart", "catalog", "checkout", "login"]
Step = Callable[[], Awaitable[None]]


def _names() -> dict[str, str]:
    # Read from the app's modules (importing them starts nothing), so a moved state keeps working here.
    from store_app.accounts.reset.state import ResetState
    from store_app.accounts.sessions.state import SessionState
    from store_app.cart.state import CartState
    from store_app.catalog.state import CatalogState
    from store_app.orders.checkout_state import CheckoutState
    from store_app.ui.state import ShellState

    states = {"reset": ResetState, "session": SessionState, "cart": CartState, "catalog": CatalogState}
    states |= {"checkout": CheckoutState, "shell": ShellState}
    return {key: state.get_full_name() for key, state in states.items()}


NAMES = _names()


def _in_delta(key: str) -> Callable[[dict[str, Any]], bool]:
    return lambda update: NAMES[key] in update.get("delta", {})


def _guest_cookie() -> str:
    return f"guest_cart={secrets.token_urlsafe(32)}"


async def _login_cookie(base_url: str, login: str) -> str:
    """Log in through the browser form route; the session cookie it sets."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        response = await http.post(
            "/api/v1/auth/browser/login",
            data={"identifier": login, "password": SHOPPER_PASSWORD, "next": "/"},
            headers={"origin": base_url},
        )
    cookie = response.headers.get("set-cookie", "")
    if response.status_code != 303 or not cookie:
        raise RuntimeError(f"login of {login} failed: {response.status_code} {response.headers.get('location')}")
    return cookie.split(";", 1)[0]


class Scenario:
    """One client's connection and its next event; `setup` is not timed."""

    def __init__(self, base_url: str, index: int, products: list[int]) -> None:
        self.base_url, self.index, self.products = base_url, index, products
        self.socket: EventSocket | None = None
        self.turn = 0

    async def _socket(self, cookie: str = "") -> EventSocket:
        self.socket = await EventSocket(self.base_url, cookie=cookie).connect()
        return self.socket

    async def setup(self) -> None:
        await self._socket()

    async def step(self) -> None:
        raise NotImplementedError

    def lean(self) -> tuple[list[bytes], bytes] | None:
        """For a step that is one event: the frames it sends in turn, built once, and the bytes its reply
        carries (`ws_client.Loop`); None for a step of several events or connections."""
        return None

    async def close(self) -> None:
        if self.socket:
            await self.socket.close()


class NoDatabase(Scenario):
    """The reset form opened and closed: a state change with no database work."""

    async def step(self) -> None:
        handler = "open_form" if self.turn % 2 == 0 else "close_form"
        self.turn += 1
        await self.socket.call(f"{NAMES['reset']}.{handler}", path="/login", until=_in_delta("reset"))

    def lean(self) -> tuple[list[bytes], bytes]:
        frames = [event_frame(f"{NAMES['reset']}.{handler}", path="/login") for handler in ("open_form", "close_form")]
        return frames[self.turn % 2 :] + frames[: self.turn % 2], state_marker(NAMES["reset"])


class GuestCart(Scenario):
    """A guest's one-line cart, its quantity set to 2 and 1 in turn."""

    def _cookie(self) -> Awaitable[str]:
        async def guest() -> str:
            return _guest_cookie()

        return guest()

    async def setup(self) -> None:
        socket = await self._socket(await self._cookie())
        self.product = self.products[self.index % len(self.products)]
        await socket.call(f"{NAMES['cart']}.clear", path="/cart", until=_in_delta("cart"))
        await socket.call(
            f"{NAMES['cart']}.add", {"product_id": self.product, "quantity": 1}, path="/cart", until=_in_delta("cart")
        )

    async def step(self) -> None:
        value = "2" if self.turn % 2 == 0 else "1"
        self.turn += 1
        payload = {"product_id": self.product, "value": value}
        await self.socket.call(f"{NAMES['cart']}.set_quantity", payload, path="/cart", until=_in_delta("cart"))

    def lean(self) -> tuple[list[bytes], bytes]:
        values = ["2", "1"] if self.turn % 2 == 0 else ["1", "2"]
        handler = f"{NAMES['cart']}.set_quantity"
        frames = [event_frame(handler, {"product_id": self.product, "value": value}, path="/cart") for value in values]
        return frames, state_marker(NAMES["cart"])


class UserCart(GuestCart):
    """The same, for a logged-in shopper (one benchmark account per client)."""

    def _cookie(self) -> Awaitable[str]:
        return _login_cookie(self.base_url, shopper_login(self.index + 1))


class Catalog(Scenario):
    """A filter change: the catalog loaded for another category and sort (what the redirect leads to)."""

    FILTERS: ClassVar[list[dict[str, str]]] = [
        {"category": "root-1"},
        {"category": "group-2", "sort": "price"},
        {"q": "samsung", "stock": "1"},
    ]

    async def step(self) -> None:
        path = "/catalog?" + urlencode(self.FILTERS[self.turn % len(self.FILTERS)] | {"page": str(1 + self.turn % 3)})
        self.turn += 1
        await self.socket.call(f"{NAMES['catalog']}.load", path=path, until=_in_delta("catalog"))


class Checkout(Scenario):
    """A logged-in shopper puts one product in the cart and orders it (timed: the whole round)."""

    async def setup(self) -> None:
        await self._socket(await _login_cookie(self.base_url, shopper_login(self.index + 1)))

    async def step(self) -> None:
        socket, cart, checkout = self.socket, NAMES["cart"], NAMES["checkout"]
        product = self.products[(self.index * 7 + self.turn) % len(self.products)]
        self.turn += 1
        await socket.call(f"{cart}.add", {"product_id": product, "quantity": 1}, path="/cart", until=_in_delta("cart"))
        await socket.call(f"{checkout}.open_page", path="/checkout", until=_in_delta("checkout"))
        contact = {"name": "Покупатель Тестовый", "phone": "+79160000000", "address": "Москва, ул. Тестовая, 1"}
        await socket.call(
            f"{checkout}.to_review", {"form_data": contact}, path="/checkout", until=_in_delta("checkout")
        )
        # `place` first shows "placing", then the outcome: a redirect to /orders, or an error (sold out).
        await socket.call(f"{checkout}.place", path="/checkout", until=_placed)


def _placed(update: dict[str, Any]) -> bool:
    checkout = update.get("delta", {}).get(NAMES["checkout"], {})
    return bool(update.get("events")) or bool(checkout.get("error_rx_state_"))


class Login(Scenario):
    """A login: the form post, a new websocket with the cookie, the navbar's session check."""

    async def setup(self) -> None:
        pass

    async def step(self) -> None:
        cookie = await _login_cookie(self.base_url, shopper_login(self.index + 1))
        socket = await EventSocket(self.base_url, cookie=cookie).connect()
        try:
            await socket.call(f"{NAMES['session']}.sync", path="/", until=_in_delta("shell"))
        finally:
            await socket.close()


KINDS: dict[str, type[Scenario]] = {
    "nodb": NoDatabase,
    "guest-cart": GuestCart,
    "user-cart": UserCart,
    "catalog": Catalog,
    "checkout": Checkout,
    "login": Login,
}


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def _loop(client: Scenario, until: float, samples: list[float], errors: list[str]) -> None:
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            await client.step()
        except Exception as exc:  # counted and shown, the run goes on
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            await asyncio.sleep(0.05)
            continue
        samples.append((time.perf_counter() - started) * 1000)


async def _lean_loops(
    pool: list[Scenario],
    leans: list[tuple[list[bytes], bytes]],
    until: float,
    samples: list[float],
    errors: list[str],
    timeout: float = 30,
) -> None:
    """The closed loops of one-event steps on `ws_client.Loop` (latencies in seconds). A reply that does
    not come within `timeout` is counted as an error and the loop sends its next event; a socket that
    closes ends its loop with an error."""
    loops = [Loop(frames, marker, until, samples) for frames, marker in leans]
    runs = [asyncio.ensure_future(client.socket.run_loop(loop)) for client, loop in zip(pool, loops, strict=True)]  # type: ignore[union-attr]
    while not all(run.done() for run in runs):
        await asyncio.wait(runs, timeout=1)
        now = time.perf_counter()
        for loop in loops:
            if not loop.done.done() and now - loop.sent > timeout:
                errors.append(f"TimeoutError: no reply within {timeout:.0f} s")
                loop.resend()
    for client, loop, run in zip(pool, loops, runs, strict=True):
        client.turn += loop.turn + 1
        if run.exception() is not None:
            errors.append(f"{type(run.exception()).__name__}: {run.exception()}"[:200])


async def open_pool(kind: str, base_url: str, clients: int, products: list[int], warmup: int = 5) -> list[Scenario]:
    """N clients of one scenario set up, each having run `warmup` steps (not measured)."""
    pool = [KINDS[kind](base_url, index, products) for index in range(clients)]
    try:
        for client in pool:  # one after the other: logins hash passwords
            await client.setup()
        for client in pool:
            for _ in range(warmup):
                await client.step()
    except BaseException:
        await close_pool(pool)
        raise
    return pool


async def close_pool(pool: list[Scenario]) -> None:
    await asyncio.gather(*(client.close() for client in pool), return_exceptions=True)


async def measure(pool: list[Scenario], seconds: float) -> dict[str, Any]:
    """The pool's clients in a closed loop for `seconds` (on `ws_client.Loop` when every step is one
    event); latencies in ms."""
    leans = [client.lean() for client in pool]
    samples: list[float] = []
    errors: list[str] = []
    idle_before, cpu_before = _machine_idle(), time.process_time()
    started = time.perf_counter()
    until = started + seconds
    if all(leans):
        await _lean_loops(pool, leans, until, samples, errors)  # type: ignore[arg-type]
    else:
        await asyncio.gather(*(_loop(client, until, samples, errors) for client in pool))
    elapsed = time.perf_counter() - started
    own_cpu, idle = time.process_time() - cpu_before, _idle_share(idle_before, _machine_idle())
    if all(leans):
        samples = [sample * 1000 for sample in samples]
    return {
        "clients": len(pool),
        "count": len(samples),
        "per_second": len(samples) / elapsed,
        "p50": statistics.median(samples) if samples else float("nan"),
        "p90": _percentile(samples, 0.90),
        "p99": _percentile(samples, 0.99),
        "errors": errors,
        "own_cpu_ms": own_cpu * 1000 / max(1, len(samples)),
        "idle": idle,
    }


async def run(
    kind: str, base_url: str, clients: int, seconds: float, products: list[int], warmup: int = 5
) -> dict[str, Any]:
    """N clients of one scenario in a closed loop; latencies in ms."""
    pool = await open_pool(kind, base_url, clients, products, warmup)
    try:
        return {"scenario": kind} | await measure(pool, seconds)
    finally:
        await close_pool(pool)


def _machine_idle() -> tuple[int, int] | None:
    """(idle, total) CPU ticks of the whole machine so far, from /proc/stat; None off Linux."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return None
    return ticks[3] + ticks[4], sum(ticks[:8])  # idle + iowait; user..steal


def _idle_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float:
    """The share of the machine's CPU time left idle between two readings: whether a run saturated it."""
    if before is None or after is None or after[1] == before[1]:
        return float("nan")
    return (after[0] - before[0]) / (after[1] - before[1])


def in_stock_products(base_url: str, count: int = 100) -> list[int]:
    """Products a cart can take two of (from the REST list: the benchmark needs only the URL)."""
    found: list[int] = []
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for page in range(1, 6):
            body = http.get("/api/v1/products", params={"stock": "1", "size": "100", "page": str(page)}).json()
            found += [row["id"] for row in body["results"] if row["stock"] >= 50]
            if len(found) >= count or not body["next"]:
                break
    if not found:
        raise SystemExit("no product with 50 or more in stock: load the benchmark data first")
    return found[:count]


def _line(result: dict[str, Any], *, single: bool) -> str:
    head = f"{result['scenario']:<11} {result['clients']:>3} client(s) {result['count']:>6} events"
    if single:
        body = f"p50 {result['p50']:7.2f} ms  p90 {result['p90']:7.2f} ms  p99 {result['p99']:7.2f} ms"
    else:
        body = f"{result['per_second']:8.1f} ev/s  p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms"
        body += f"  idle {result['idle']:4.0%}  load generator {result['own_cpu_ms']:.2f} ms CPU/event"
    errors = f"  errors {len(result['errors'])}: {result['errors'][0]}" if result["errors"] else ""
    return f"{head}  {body}{errors}"


async def main_async(args: argparse.Namespace) -> None:
    products = in_stock_products(args.url)
    for kind in args.scenarios:
        print(_line(await run(kind, args.url, 1, args.seconds, products), single=True), flush=True)
        for clients in args.clients:
            print(_line(await run(kind, args.url, clients, args.seconds, products), single=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the shop's backend, e.g. http://localhost:8001 (PUBLIC_URL must match)")
    parser.add_argument(
        "--scenarios",
        type=lambda text: text.split(","),
        default=SCENARIOS,
        help=f"comma-separated, of {','.join(SCENARIOS)}",
    )
    parser.add_argument("--clients", type=lambda text: [int(n) for n in text.split(",")], default=[10, 20])
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(KINDS)
    if unknown:
        parser.error(f"unknown scenario: {', '.join(sorted(unknown))}")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
