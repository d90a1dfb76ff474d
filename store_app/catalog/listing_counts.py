"""How many products a listing filter finds, kept per filter so paging does not recount the listing.

A page of the catalog or the REST list needs the total for its page links; counting 10,000 rows
on every request cost more than the rest of the request; the facet counts of a view likewise
(`kept` holds both, each under its kind). Totals are kept per filter (text,
category, price range; sort and page left out) until the catalog changes: `refresh_listing`, which
every catalog write runs, and any ORM write of a product or category forget them all when their
transaction commits. The same transaction moves the database's catalog version on
(`CatalogVersion`), so another worker process learns of the write at its next facet request
(`catch_up`: one key look-up), and else through the age limit, so its totals lag by at most
COUNT_MAX_AGE. The stock filter is never kept: orders change stock directly, without the catalog service.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from store_app.catalog.attribute_models import Attribute, ProductAttributeValue
from store_app.catalog.models import (
    CATALOG_VERSION_ROW,
    CatalogVersion,
    Category,
    CategoryListing,
    Product,
    ProductCategory,
)
from store_app.catalog.query import ProductQuery

COUNT_MAX_AGE = 10.0  # seconds
MAX_KEPT = 10_000  # filters of each kind; beyond that the oldest half is dropped

T = TypeVar("T")
_lock = threading.Lock()
_kept: dict[str, dict[tuple[Any, ...], tuple[Any, float]]] = {}
_generation = 0
_stock_changes = 0
_seen_versions: dict[Any, int] = {}  # by database: the catalog version this process last read
_version_table = CatalogVersion.__table__  # type: ignore[attr-defined]
_version = _version_table.c


CATALOG_ROWS = (Product, ProductCategory, Category, CategoryListing, Attribute, ProductAttributeValue)


def _key(database: object, query: ProductQuery, inside: bool) -> tuple[Any, ...]:
    return (
        database,
        inside,
        tuple(query.search_terms),
        query.category,
        query.min_price,
        query.max_price,
        query.attribute_filters,
    )


def kept(session: Session, kind: str, query: ProductQuery, make: Callable[[], T], *, inside: bool = False) -> T:
    """What `make()` finds for `query`'s filters (`kind` names what is kept, `inside`: words searched
    inside words): kept, or made now and kept. A stock filter is never kept. The caller must not
    change what it gets: the next caller gets the same object."""
    if query.in_stock:
        return make()
    key, now = _key(session.get_bind().url, query, inside), time.monotonic()
    found = _kept.get(kind, {}).get(key)
    if found is not None and now - found[1] < COUNT_MAX_AGE:
        return cast(T, found[0])
    generation = _generation
    made = make()
    with _lock:
        if generation == _generation:  # no catalog write committed while making it
            kept_here = _kept.setdefault(kind, {})
            if len(kept_here) >= MAX_KEPT:
                for stale in list(kept_here)[: MAX_KEPT // 2]:
                    del kept_here[stale]
            kept_here[key] = (made, now)
    return made


def cached_count(session: Session, query: ProductQuery, count: Callable[[], int], *, inside: bool = False) -> int:
    """The total for `query`'s filters (`inside`: words searched inside words): kept, or counted now
    by `count()` and kept."""
    return kept(session, "count", query, count, inside=inside)


def catalog_changed(session: Session) -> None:
    """Mark `session`'s transaction as a catalog write: the kept totals go when it commits."""
    session.info["catalog_changed"] = True


@event.listens_for(Session, "after_flush")
def _catalog_rows_flushed(session: Session, _context: object) -> None:
    # Products or categories written outside `refresh_listing` (a test's factory, a fix-up) count too.
    if any(isinstance(row, CATALOG_ROWS) for row in (*session.new, *session.dirty, *session.deleted)):
        catalog_changed(session)


@event.listens_for(Session, "before_commit")
def _stamp_catalog_write(session: Session) -> None:
    # Flushed first: what the commit would flush may be a catalog row, which marks the transaction.
    session.flush()
    if session.info.get("catalog_changed"):
        # Last, just before COMMIT: on PostgreSQL the row stays locked only for the commit itself.
        bump = update(_version_table).where(_version.id == CATALOG_VERSION_ROW).values(version=_version.version + 1)
        session.execute(bump)


# Built once and run on the session's connection: every listing and search of a worker with a facet
# index reads it, and the ORM's execution path cost more than the look-up.
CATALOG_VERSION_QUERY = select(_version.version).where(_version.id == CATALOG_VERSION_ROW)


def catalog_version(session: Session) -> int:
    """The database's catalog version, as `session` sees it (one primary-key look-up)."""
    found = session.connection().execute(CATALOG_VERSION_QUERY).scalar()
    return int(found or 0)


def catch_up(session: Session) -> int:
    """The catalog version (`catalog_version`); when it is not the one this process last read (a
    write committed in another worker, or the first look), everything kept is forgotten first."""
    version, database = catalog_version(session), session.get_bind().url
    with _lock:
        moved = _seen_versions.get(database) != version
        _seen_versions[database] = version
    if moved:
        forget_counts()
    return version


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    global _stock_changes
    if session.info.pop("catalog_changed", False):
        forget_counts()
    if session.info.pop("stock_changed", False):
        with _lock:
            _stock_changes += 1


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop("catalog_changed", None)
    session.info.pop("stock_changed", None)


def generation() -> int:
    """Moves on with every committed catalog write or stock change in this process (for caches of
    whole listing answers, which show the stock too)."""
    return _generation + _stock_changes


def stock_changed(session: Session) -> None:
    """Mark `session`'s transaction as changing some product's stock (an order): counts stay valid,
    listing answers do not."""
    session.info["stock_changed"] = True


def forget_kept(kind: str) -> None:
    """Drop what is kept of one kind only (the benchmark's cold figures; a write forgets everything)."""
    with _lock:
        _kept.pop(kind, None)


def forget_counts() -> None:
    """The catalog changed: every kept total is stale."""
    global _generation
    with _lock:
        _generation += 1
        _kept.clear()
