"""Times the catalog's queries on a large generated catalog (not a test; prints p50/p95).

    .venv/bin/python -m benchmarks.catalog_queries                 # a scratch SQLite file
    DB_URL=postgresql+psycopg2://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m benchmarks.catalog_queries             # a throwaway PostgreSQL database

100,000 products in 300 categories (3 levels), with specifications, are generated into a database made for the run
and dropped afterwards: with PostgreSQL a new database next to the one DB_URL names (the shop's
data is never touched), with SQLite a file in a temporary folder. The schema comes from the real
migrations, so the figures are those of the shop's own indexes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from benchmarks.catalog_data import generate_catalog
from store_app.catalog.facets import facet_counts
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.search_service import search_products
from store_app.core.db import build_engine
from store_app.core.migrations import upgrade_to_head

# Single words, word starts and two-word searches; "смартфон 256" pairs two frequent words.
# Word forms, then searches that find nothing as typed: keyboard-layout slips and one typo (the fallbacks).
FORGIVING_WORDS = ["наушников", "смартфоны samsung", "yfeiybrb", "yjen,er", "наушнки", "смарфтон", "samsnug"]
SEARCH_WORDS = ["samsung", "наушники", "pro", "смартфон 256", "ноутбук asus", "чайник", "galaxy", "беспроводн"]


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """A database made for this run, removed afterwards."""
    url = os.environ.get("DB_URL", "")
    if url and make_url(url).get_backend_name() == "postgresql":
        name = f"catalog_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"


def timed(
    engine: Engine, make_query: Callable[[int], ProductQuery], repeats: int, service: Callable[..., object]
) -> list[float]:
    """Milliseconds per call of the catalog service, each in its own session, as a page load does."""
    samples = []
    for run in range(repeats + 5):
        query = make_query(run)
        started = time.perf_counter()
        with Session(engine) as session:
            service(session=session, query=query)
        if run >= 5:  # the first calls warm the caches
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--categories", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--only", default="", help="time only the cases whose name contains this, e.g. facets")
    args = parser.parse_args()
    with scratch_database() as url:
        upgrade_to_head(url)
        engine = build_engine(url)
        started = time.perf_counter()
        tree = generate_catalog(engine, products=args.products, categories=args.categories)
        print(
            f"{make_url(url).get_backend_name()}: {args.products:,} products in {len(tree.categories)} categories, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        rng = random.Random(7)
        roots = [c.slug for c in tree.children(None)]
        middles = [c.slug for root in tree.children(None) for c in tree.children(root.id)]
        cases: dict[str, Callable[[int], ProductQuery]] = {
            "text search": lambda n: ProductQuery(text=SEARCH_WORDS[n % len(SEARCH_WORDS)]),
            "forms, layout slips, typos": lambda n: ProductQuery(text=FORGIVING_WORDS[n % len(FORGIVING_WORDS)]),
            "category + subcategories": lambda n: ProductQuery(category=rng.choice(roots if n % 2 else middles)),
            "price sort": lambda n: ProductQuery(sort=Sort.PRICE_ASC if n % 2 else Sort.PRICE_DESC),
            "page 50": lambda n: ProductQuery(page=50),
            "all filters": lambda n: ProductQuery(
                text="pro",
                category=rng.choice(roots),
                min_price=Decimal(5000),
                max_price=Decimal(80000),
                in_stock=True,
                sort=Sort.PRICE_ASC,
                page=2,
            ),
        }
        leaves = [c.slug for c in tree.categories if not tree.children(c.id)]
        brands = ["Samsung", "Apple", "Xiaomi", "Sony", "Яндекс"]
        # Facet counts (each facet with every filter but its own), as the catalog page asks for them.
        facet_cases: dict[str, Callable[[int], ProductQuery]] = {
            "facets: section": lambda n: ProductQuery(category=rng.choice(roots)),
            "facets: group": lambda n: ProductQuery(category=rng.choice(middles)),
            "facets: leaf + brand": lambda n: ProductQuery.from_params(
                {"category": rng.choice(leaves), "f.brand": brands[n % len(brands)]}
            ),
            "facets: section + brand, price": lambda n: ProductQuery.from_params(
                {"category": rng.choice(roots), "f.brand": ",".join(brands[: 1 + n % 3]), "min": "5000"}
            ),
            "facets: whole catalog": lambda n: ProductQuery(min_price=Decimal(n % 50 * 100)),
            "facets: search": lambda n: ProductQuery(text=SEARCH_WORDS[n % len(SEARCH_WORDS)]),
        }
        print(f"load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'query':<32}{'p50 ms':>8}{'p95 ms':>8}")
        runs = [(name, make, search_products) for name, make in cases.items()]
        runs += [(name, make, facet_counts) for name, make in facet_cases.items()]
        for name, make_query, service in [run for run in runs if args.only in run[0]]:
            samples = timed(engine, make_query, args.repeats, service)
            p95 = statistics.quantiles(samples, n=20)[-1]
            print(f"{name:<32}{statistics.median(samples):>8.2f}{p95:>8.2f}")
        engine.dispose()


if __name__ == "__main__":
    main()
