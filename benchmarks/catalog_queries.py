"""Times the catalog's queries on a large generated catalog (not a test; prints p50/p95).

    .venv/bin/python -m benchmarks.catalog_queries                 # a scratch SQLite file
    DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m benchmarks.catalog_queries             # a throwaway PostgreSQL database

100,000 products in 300 categories (3 levels), with specifications, are generated into a database made for the run
and dropped afterwards: with PostgreSQL a new database next to the one DB_URL names (the shop's
data is never touched), with SQLite a file in a temporary folder. The schema comes from the real
migrations, so the figures are those of the shop's own indexes. Each search case also prints
p50/p95 per search word.

Generating takes minutes (4-6 on SQLite, ~10 on PostgreSQL), so `--keep` keeps the database for
the next run instead of dropping it: the SQLite file /tmp/catalog_bench/sqlite-<products>-<categories>-<hash>.db,
or the PostgreSQL database catalog_bench_keep_<products>_<categories>_<hash> next to DB_URL's, where
<hash> names the version of benchmarks/catalog_data.py that generated it. A kept database is
reused by the next `--keep` run with the same sizes and generator: new migrations are applied to
it (so their data steps are timed on 100,000 products too), nothing is generated again. `--fresh`
generates it anew, e.g. after changing what `refresh_listing` writes without a migration. Remove
kept databases with `rm -r /tmp/catalog_bench` and `DROP DATABASE catalog_bench_keep_...`.

Facet counts are kept per filter set, and a category's attributes per category, until the catalog
changes (catalog/listing_counts.py), so each facet case is timed three times: "nothing kept",
every kept count and attribute list forgotten before each call (a worker's first request for the
category); "cold", the kept counts forgotten before each call (the first request for a filter set;
the attribute lists kept, as on a running shop); "warm", each query asked once, untimed, right
before its timed call. The facet index is built first, as the shop does at start-up, and kept
through all three and through the search cases, which it answers too (its build time and memory
are printed). `--baseline FILE` times another facets module (e.g. `git show
274465b:store_app/catalog/facets.py`, counting in SQL) interleaved with the current one on the same
queries, cold, and prints the ratios of the p50s and p95s (baseline / now).
`--search-baseline FILE` does the same for the search cases with
another search_service.py (e.g. `git show 214ed7a:store_app/catalog/search_service.py`, before
ranking: its default order, the newest, stands for relevance; a version that ranks is asked for
relevance), word by word, counts kept as usual (and forgotten before each call for COUNTED_AFRESH).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from benchmarks import catalog_data
from benchmarks.catalog_data import generate_catalog
from store_app.catalog import listing_counts
from store_app.catalog.category_service import CategoryTree, load_category_tree
from store_app.catalog.facet_index.index import build_index
from store_app.catalog.facet_index.keeper import keep_index
from store_app.catalog.facets import facet_counts
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.search_service import SUGGESTIONS, search_products
from store_app.core.db import build_engine
from store_app.core.migrations import upgrade_to_head

# Single words, word starts and two-word searches; "смартфон 256" pairs two frequent words.
# Word forms, then searches that find nothing as typed: keyboard-layout slips and one typo (the fallbacks).
FORGIVING_WORDS = ["наушников", "смартфоны samsung", "yfeiybrb", "yjen,er", "наушнки", "смарфтон", "samsnug"]
SEARCH_WORDS = ["samsung", "наушники", "pro", "смартфон 256", "ноутбук asus", "чайник", "galaxy", "беспроводн"]
# Words a shopper types that match a large share of the generated catalog: a kind (1 product in 12), a
# colour (1 in 6), a brand (1 in 22), a series (1 in 12), a memory size (1 in 4), a word of every name
# ("гб") and one of every description ("гарантия"), in order of relevance: page 1 and a late page.
COMMON_WORDS = ["смартфон", "чёрный", "samsung", "pro", "256", "гб", "гарантия"]
# What the search box asks while a shopper types, letter by letter (6 products, page 1).
PREFIXES = ["с", "см", "сма", "смар", "ч", "чё", "чёр", "s", "sa", "sam", "по", "пол", "ум", "умн", "фо"]


KEPT_FOLDER = Path(tempfile.gettempdir()) / "catalog_bench"  # /tmp/catalog_bench


def _generator_hash() -> str:
    return hashlib.sha256(Path(catalog_data.__file__).read_bytes()).hexdigest()[:10]


@contextlib.contextmanager
def kept_database(products: int, categories: int, *, fresh: bool) -> Iterator[tuple[str, bool]]:
    """(url, whether it holds the catalog already) of the database kept for these sizes. A new one is
    built under a temporary name and takes the kept name only when the run ends well, so an
    interrupted run never leaves half a catalog to be reused."""
    url = os.environ.get("DB_URL", "")
    stem = f"{products}_{categories}_{_generator_hash()}"
    if url and make_url(url).get_backend_name() == "postgresql":
        name, building = f"catalog_bench_keep_{stem}", f"catalog_bench_keep_{stem}_building"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                if fresh:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                kept = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
                if not kept:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)'))
                    connection.execute(text(f'CREATE DATABASE "{building}"'))
            yield (
                make_url(url).set(database=name if kept else building).render_as_string(hide_password=False),
                bool(kept),
            )
            if not kept:
                with admin.connect() as connection:
                    connection.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{name}"'))
        finally:
            admin.dispose()
    else:
        KEPT_FOLDER.mkdir(exist_ok=True)
        path = KEPT_FOLDER / f"sqlite-{stem.replace('_', '-')}.db"
        if path.exists() and not fresh:
            yield f"sqlite:///{path}", True
            return
        building = path.with_suffix(".building")
        for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            stale.unlink(missing_ok=True)
        yield f"sqlite:///{building}", False
        os.replace(building, path)


@contextlib.contextmanager
def scratch_database() -> Iterator[tuple[str, bool]]:
    """A database made for this run, removed afterwards (and never holding a catalog yet)."""
    url = os.environ.get("DB_URL", "")
    if url and make_url(url).get_backend_name() == "postgresql":
        name = f"catalog_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False), False
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}", False


def timed(
    engine: Engine,
    make_query: Callable[[int], ProductQuery],
    repeats: int,
    service: Callable[..., object],
    before: Callable[[], object] = lambda: None,
) -> list[tuple[str, float]]:
    """(search text, milliseconds) per call of the catalog service, each in its own session, as a page
    load does; `before()` runs untimed ahead of each call."""
    samples = []
    for run in range(repeats + 5):
        query = make_query(run)
        before()
        started = time.perf_counter()
        with Session(engine) as session:
            service(session=session, query=query)
        if run >= 5:  # the first calls warm the caches
            samples.append((query.text, (time.perf_counter() - started) * 1000))
    return samples


def _call(engine: Engine, service: Callable[..., object], query: ProductQuery) -> float:
    """Milliseconds of one call of a catalog service in its own session, as a page load does."""
    started = time.perf_counter()
    with Session(engine) as session:
        service(session=session, query=query)
    return (time.perf_counter() - started) * 1000


def timed_side_by_side(
    engine: Engine,
    make_query: Callable[[int], ProductQuery],
    repeats: int,
    services: Sequence[Callable[..., object]],
    before: Callable[[ProductQuery, Callable[..., object]], object],
) -> list[list[float]]:
    """Milliseconds per call of each of `services`, interleaved on the same queries; `before(query,
    service)` runs untimed ahead of each call. The first 5 queries warm the database's caches."""
    samples: list[list[float]] = [[] for _ in services]
    for run in range(repeats + 5):
        query = make_query(run)
        for index, service in enumerate(services):
            before(query, service)
            taken = _call(engine, service, query)
            if run >= 5:
                samples[index].append(taken)
    return samples


def _forget_all(_query: ProductQuery, _service: Callable[..., object]) -> None:
    listing_counts.forget_counts()


def _forget_counts(_query: ProductQuery, _service: Callable[..., object]) -> None:
    listing_counts.forget_kept("facets")


def baseline_module(path: str, name: str = "facets_baseline") -> ModuleType:
    """Another version of a module (store_app/catalog/facets.py), loaded under a name of its own."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def prepare_facet_index(engine: Engine) -> None:
    """Keep a facet index, as the shop does from start-up, and print what building one costs."""
    started = time.perf_counter()
    thread = keep_index(engine)
    assert thread is not None
    thread.join()
    taken = time.perf_counter() - started
    tracemalloc.start()
    with Session(engine) as session:
        index = build_index(session)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"facet index: {index.size:,} products, built in {taken:.1f} s (load {os.getloadavg()[0]:.1f}),"
        f" holds {held / 1e6:.1f} MB (tracemalloc; {peak / 1e6:.1f} MB at most while building)"
    )


def time_facets(engine: Engine, name: str, make_query: Callable[[int], ProductQuery], args: argparse.Namespace) -> None:
    """A facet case nothing kept, cold and warm (see the module's docstring), and beside --baseline."""
    figures = {
        "nothing kept": _forget_all,
        "cold": _forget_counts,
        "warm": lambda query, service: _call(engine, service, query),
    }
    for label, before in figures.items():
        (samples,) = timed_side_by_side(engine, make_query, args.repeats, [facet_counts], before)
        print(_figures(f"{name} ({label})", samples))
    if args.baseline:
        baseline = baseline_module(args.baseline).facet_counts
        then, now = timed_side_by_side(engine, make_query, args.repeats, [baseline, facet_counts], _forget_counts)
        (t50, t95), (n50, n95) = _percentiles(then), _percentiles(now)
        print(
            f"  baseline {t50:.2f} / {t95:.2f}, now {n50:.2f} / {n95:.2f}:"
            f" ratio p50 {t50 / n50:.2f}, p95 {t95 / n95:.2f}"
        )


def time_search_beside(
    engine: Engine,
    name: str,
    make_query: Callable[[int], ProductQuery],
    args: argparse.Namespace,
    before: Callable[[ProductQuery, Callable[..., object]], object] = lambda *_: None,
) -> None:
    """A search case timed with --search-baseline's search_products and the current one, interleaved."""
    module = baseline_module(args.search_baseline, "search_baseline")
    old, ranks = module.search_products, hasattr(module, "NAME_WORD")  # a version with relevance knows the weights

    def baseline(*, session: Session, query: ProductQuery) -> object:
        unranked = query.sort == Sort.RELEVANCE and not ranks  # a sort it does not know; its default was the newest
        return old(session=session, query=query.with_changes(sort=Sort.NEWEST, page=query.page) if unranked else query)

    then, now = timed_side_by_side(engine, make_query, args.repeats, [baseline, search_products], before)
    texts = [make_query(run).text for run in range(5, args.repeats + 5)]
    for label, word in [(f"{name} (baseline / now)", None)] + [(f"  {word}", word) for word in dict.fromkeys(texts)]:
        chosen = [index for index, text in enumerate(texts) if word is None or text == word]
        (t50, t95), (n50, n95) = _percentiles([then[i] for i in chosen]), _percentiles([now[i] for i in chosen])
        print(
            f"{label:<30} {t50:7.2f} / {t95:7.2f}  {n50:7.2f} / {n95:7.2f}"
            f"  ratio p50 {t50 / n50:.2f}, p95 {t95 / n95:.2f}"
        )


def _percentiles(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _figures(name: str, samples: list[float]) -> str:
    p50, p95 = _percentiles(samples)
    return f"{name:<46}{p50:>8.2f}{p95:>8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--categories", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--only", default="", help="time only the cases whose name contains this, e.g. facets")
    parser.add_argument("--keep", action="store_true", help="keep the generated database and reuse a kept one")
    parser.add_argument("--fresh", action="store_true", help="with --keep: generate the kept database anew")
    parser.add_argument("--baseline", default="", help="a facets.py to time beside the current one")
    parser.add_argument("--search-baseline", default="", help="a search_service.py to time beside the current one")
    args = parser.parse_args()
    database = kept_database(args.products, args.categories, fresh=args.fresh) if args.keep else scratch_database()
    with database as (url, reused):
        started = time.perf_counter()
        upgrade_to_head(url)
        engine = build_engine(url)
        if reused:
            # Statistics of whatever the migrations rewrote, as a running shop has them (autovacuum, ANALYZE).
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
            with Session(engine) as session:
                tree = load_category_tree(session=session)
            done = f"reused (migrations and statistics {time.perf_counter() - started:.1f} s)"
        else:
            tree = generate_catalog(engine, products=args.products, categories=args.categories)
            done = f"generated in {time.perf_counter() - started:.1f} s"
        print(
            f"{make_url(url).get_backend_name()}: {args.products:,} products in {len(tree.categories)} categories, "
            + done
        )
        _time_cases(engine, tree, args)
        engine.dispose()


def _print_search(name: str, samples: list[tuple[str, float]]) -> None:
    print(_figures(name, [ms for _, ms in samples]))
    words = dict.fromkeys(text for text, _ in samples)
    if len(words) > 1:  # a search case: each word's own figures
        for word in words:
            print(_figures(f"  {word}", [ms for text, ms in samples if text == word]))


# Also timed with the kept totals forgotten before each call: a shopper typing asks for a new prefix
# with every letter, and a common word's first search of a worker counts all its rows.
COUNTED_AFRESH = {"text search: common words", "text search: suggestions, prefixes"}


def _suggestion_query(text: str) -> ProductQuery:
    """What the search box asks for `text` (also below MIN_SUGGEST_LENGTH, where it asks nothing: what
    a shorter minimum would cost)."""
    return ProductQuery(text=text, page_size=SUGGESTIONS)


def _time_cases(engine: Engine, tree: CategoryTree, args: argparse.Namespace) -> None:
    """Print p50/p95 of each case (and of each word of a search case)."""
    rng = random.Random(7)
    roots = [c.slug for c in tree.children(None)]
    middles = [c.slug for root in tree.children(None) for c in tree.children(root.id)]
    cases: dict[str, Callable[[int], ProductQuery]] = {
        "text search": lambda n: ProductQuery(text=SEARCH_WORDS[n % len(SEARCH_WORDS)]),
        "forms, layout slips, typos": lambda n: ProductQuery(text=FORGIVING_WORDS[n % len(FORGIVING_WORDS)]),
        "text search: common words": lambda n: ProductQuery(text=COMMON_WORDS[n % len(COMMON_WORDS)]),
        "text search: common words, page 50": lambda n: ProductQuery(text=COMMON_WORDS[n % len(COMMON_WORDS)], page=50),
        "text search: suggestions, prefixes": lambda n: _suggestion_query(PREFIXES[n % len(PREFIXES)]),
        "text search: suggestions, common words": lambda n: _suggestion_query(COMMON_WORDS[n % len(COMMON_WORDS)]),
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
    runs = [(name, make, search_products) for name, make in cases.items()]
    chosen = [(name, make_query) for name, make_query in facet_cases.items() if args.only in name]
    if chosen or any(args.only in name for name, _make, _service in runs):
        prepare_facet_index(engine)  # as the shop does at start-up: searches and facets read it
    print(f"load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'query':<46}{'p50 ms':>8}{'p95 ms':>8}")
    for name, make_query, service in [run for run in runs if args.only in run[0]]:
        if args.search_baseline:
            time_search_beside(engine, name, make_query, args)
            if name in COUNTED_AFRESH:
                time_search_beside(engine, f"{name} (counted afresh)", make_query, args, _forget_all)
            continue
        _print_search(name, timed(engine, make_query, args.repeats, service))
        if name in COUNTED_AFRESH:
            cold = timed(engine, make_query, args.repeats, service, before=listing_counts.forget_counts)
            _print_search(f"{name} (counted afresh)", cold)
    for name, make_query in chosen:
        time_facets(engine, name, make_query, args)


if __name__ == "__main__":
    main()
