"""Keeps a facet index (`index.py`) of the shop's database in this process, and keeps it fresh.

`keep_facet_index` (a start-up hook in store_app.py) builds the first one in a background thread.
Each facet request and word search reads the database's catalog version (one key look-up,
`listing_counts.catch_up`, which also forgets kept counts of an older version); the index answers only
when it was built from that version, else the SQL path answers while one background thread builds a
new index. So counts
are exact in every worker: a write committed anywhere moves the version on in its own transaction.
A process that never asked to keep an index (tests, scripts) always counts in SQL.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.catalog import listing_counts
from store_app.catalog.facet_index.index import FacetIndex, build_index
from store_app.core.db import get_engine

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0  # seconds after a failed build before another is tried
# After a build, the next waits as long as it took: while the catalog is written to without a pause
# (an import), a worker spends at most half its time building.


@dataclasses.dataclass
class _Kept:
    engine: Engine
    index: FacetIndex | None = None
    building: bool = False
    retry_at: float = 0.0


_lock = threading.Lock()
_kept: dict[str, _Kept] = {}  # by database URL


def _name(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def keep_index(engine: Engine) -> threading.Thread | None:
    """From now on this process keeps a facet index of `engine`'s database; the first is built now,
    in the background (the thread, or None when one is being built already)."""
    with _lock:
        kept = _kept.setdefault(_name(engine), _Kept(engine))
    return _start_building(kept)


def keep_facet_index() -> None:
    """Start-up hook: keep a facet index of the shop's database, so the first shoppers rarely wait."""
    keep_index(get_engine())


def stop_keeping(engine: Engine) -> None:
    """Drop the index of `engine`'s database and count its facets in SQL again (tests)."""
    with _lock:
        _kept.pop(_name(engine), None)


def keeps(session: Session) -> bool:
    """Whether this process keeps an index of `session`'s database (asking costs no statement)."""
    return _name(session.get_bind().engine) in _kept


def latest_index(engine: Engine) -> FacetIndex | None:
    """The newest index built of `engine`'s database, of whatever version: the caller compares its
    `version` with the database's, read in the same statement as what it reads on the index's word."""
    kept = _kept.get(_name(engine))
    return kept.index if kept is not None else None


def current_index(session: Session) -> FacetIndex | None:
    """The index for `session`'s facet request, or None: the SQL path answers (no index kept, the
    index is older than the database, or the session holds catalog writes not yet committed)."""
    version = listing_counts.catch_up(session)
    kept = _kept.get(_name(session.get_bind().engine))
    if kept is None:
        return None
    index = kept.index
    if index is None or index.version != version:
        _start_building(kept)
        return None
    return None if session.info.get("catalog_changed") else index


def _start_building(kept: _Kept) -> threading.Thread | None:
    with _lock:
        if kept.building or time.monotonic() < kept.retry_at:
            return None
        kept.building = True
    thread = threading.Thread(target=_build, args=(kept,), name="facet-index", daemon=True)
    thread.start()
    return thread


def _build(kept: _Kept) -> None:
    started = time.perf_counter()
    try:
        with Session(kept.engine) as session:
            index = build_index(session)
    except Exception:
        logger.exception("building the facet index failed; facets are counted in SQL meanwhile")
        with _lock:
            kept.building, kept.retry_at = False, time.monotonic() + RETRY_AFTER
        return
    taken = time.perf_counter() - started
    with _lock:
        kept.index, kept.building, kept.retry_at = index, False, time.monotonic() + taken
    logger.info("facet index of catalog version %s: %s products in %.1f s", index.version, index.size, taken)
