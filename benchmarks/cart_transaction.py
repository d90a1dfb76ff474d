"""CPU of a guest cart click's transaction in-process, and what PostgreSQL spent on it (issue 10).

    DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale \\
      taskset -c 0 .venv/bin/python -m benchmarks.cart_transaction --threads 8 --driver psycopg2,psycopg

`--threads` threads (as a backend worker's events run their service calls), each on a one-line guest
cart of its own, set its quantity to 1 and 2 in turn: `cart.service.set_quantity` in one transaction,
as `core.db.session_scope` runs it, on a pool of one connection per thread. Prints this process's user
and system CPU per transaction and the CPU of PostgreSQL meanwhile (its own processes and the backends
of this database, Linux /proc, as `benchmarks.scaled` counts it), per driver in turn: psycopg (what
the shop runs on, statements prepared on the server) and psycopg2 (before 2026-12-02; needs
`pip install psycopg2-binary`, which the shop no longer installs). Needs `bench-data` loaded.
"""

from __future__ import annotations

import argparse
import resource
import secrets
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from benchmarks.scaled import cpu_seconds
from store_app.cart.service import CartOwner, add_to_cart, set_quantity
from store_app.catalog.models import Product
from store_app.core.settings import get_settings


def _engine(driver: str, threads: int) -> Engine:
    url = make_url(get_settings().db_url).set(drivername=f"postgresql+{driver}")
    return create_engine(url, pool_size=threads, max_overflow=0)


def _transaction(engine: Engine, owner: CartOwner, product_id: int, quantity: int) -> None:
    with Session(engine, expire_on_commit=False) as session:
        set_quantity(session=session, owner=owner, product_id=product_id, quantity=quantity)
        session.commit()


def _carts(engine: Engine, threads: int) -> tuple[int, list[CartOwner]]:
    with Session(engine) as session:
        product = session.query(Product).filter(Product.is_active, Product.stock >= 50).first()  # type: ignore[arg-type]
        if product is None or product.id is None:
            raise SystemExit("no product with 50 or more in stock: load the benchmark data first")
        owners = [CartOwner(guest_key=secrets.token_urlsafe(32)) for _ in range(threads)]
        for owner in owners:
            add_to_cart(session=session, owner=owner, product_id=product.id)
        session.commit()
        return product.id, owners


def measure(driver: str, threads: int, transactions: int) -> str:
    engine = _engine(driver, threads)
    product_id, owners = _carts(engine, threads)
    each = transactions // threads

    def clicks(owner: CartOwner) -> None:
        for turn in range(each):
            _transaction(engine, owner, product_id, 1 + turn % 2)

    database = make_url(get_settings().db_url).database or ""
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(clicks, owners))  # warm: connections open, statements prepared
        before, server = resource.getrusage(resource.RUSAGE_SELF), cpu_seconds(-1, set(), database)
        list(pool.map(clicks, owners))
        after, spent = resource.getrusage(resource.RUSAGE_SELF), cpu_seconds(-1, set(), database) - server
    engine.dispose()
    done = each * threads
    user, system = (after.ru_utime - before.ru_utime) / done, (after.ru_stime - before.ru_stime) / done
    with open("/proc/loadavg") as load:
        average = load.read().split()[0]
    return (
        f"{driver:9} {threads} threads: client {user * 1000:.3f} ms user + {system * 1000:.3f} ms system,"
        f" PostgreSQL {spent['postgres'] * 1000 / done:.3f} ms per transaction (load {average})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--transactions", type=int, default=4000)
    parser.add_argument("--driver", type=lambda text: text.split(","), default=["psycopg"])
    parser.add_argument("--rounds", type=int, default=2, help="each driver measured this many times, in turn")
    args = parser.parse_args()
    if make_url(get_settings().db_url).get_backend_name() != "postgresql":
        parser.error("set DB_URL to the PostgreSQL benchmark database (docs/benchmarks.md 'Scaled out')")
    for _ in range(args.rounds):
        for driver in args.driver:
            print(measure(driver, args.threads, args.transactions), flush=True)


if __name__ == "__main__":
    main()
