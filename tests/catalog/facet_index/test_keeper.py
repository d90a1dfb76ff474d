"""The facet index kept in a worker answers only while it is as new as the database: a write committed
here or in another worker process is counted at the next facet request (by SQL while the index is
rebuilt in the background, then by the new index)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.catalog import listing_counts
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute
from store_app.catalog.facet_index.keeper import current_index, keep_index, stop_keeping
from store_app.catalog.facets import Facet, facet_counts
from store_app.catalog.models import Category
from store_app.catalog.query import ProductQuery
from store_app.catalog.service import SYSTEM, ProductInput, create_product
from tests.catalog.conftest import add_category

# Another worker process: the same service, its own engine, its own kept counts (none).
ANOTHER_WORKER = """
import sys
from sqlmodel import Session
from store_app.catalog.service import ProductInput, create_product
from store_app.core.db import build_engine

with Session(build_engine(sys.argv[1])) as session:
    data = ProductInput(
        name="Смартфон iPhone 16", price="99990", category_ids=[int(sys.argv[2])], attributes={"brand": "Apple"}
    )
    create_product(session=session, data=data)
    session.commit()
"""


def _phones(session: Session) -> Category:
    phones = add_category(session, "Смартфоны")
    create_attribute(
        session=session,
        data=AttributeInput(code="brand", name="Бренд", kind=AttributeKind.CHOICE, choices="Apple\nSamsung"),
        actor=SYSTEM,
    )
    for name in ("Смартфон iPhone 15", "Смартфон iPhone 15 Plus"):
        data = ProductInput(name=name, price="79990", category_ids=[phones.id or 0], attributes={"brand": "Apple"})
        create_product(session=session, data=data)
    session.commit()
    return phones


def _apples(engine: Engine, slug: str) -> int:
    """A facet request as a page makes it: its own session."""
    with Session(engine) as session:
        facets: list[Facet] = facet_counts(session=session, query=ProductQuery(category=slug))
    return next(value.count for facet in facets for value in facet.values if value.value == "Apple")


def _index_in_use(engine: Engine) -> bool:
    with Session(engine) as session:
        return current_index(session) is not None


def _wait_for_the_index(engine: Engine) -> None:
    deadline = time.monotonic() + 30
    while not _index_in_use(engine):
        assert time.monotonic() < deadline, "the facet index was not rebuilt"
        time.sleep(0.05)


def _statements_of_facets(engine: Engine, slug: str) -> tuple[int, list[str]]:
    """(Apple's count, the statements the facet request ran)."""
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        return _apples(engine, slug), statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_the_kept_index_answers_only_while_it_is_as_new_as_the_database(any_session: Session) -> None:
    phones, engine = _phones(any_session), any_session.get_bind().engine
    assert not _index_in_use(engine)  # not asked to keep one: SQL
    thread = keep_index(engine)
    assert thread is not None
    thread.join()
    try:
        apples, statements = _statements_of_facets(engine, phones.slug)
        assert apples == 2 and statements and not any("facet_listing" in s for s in statements)
        data = ProductInput(name="Смартфон iPhone 16", price="99990", category_ids=[phones.id or 0])
        create_product(session=any_session, data=dataclasses.replace(data, attributes={"brand": "Apple"}))
        assert current_index(any_session) is None  # its own writes, not committed yet: SQL sees them
        any_session.commit()
        apples, statements = _statements_of_facets(engine, phones.slug)
        assert apples == 3 and any("facet_listing" in s for s in statements)  # stale: SQL, while it is rebuilt
        _wait_for_the_index(engine)
        listing_counts.forget_kept("facets")
        apples, statements = _statements_of_facets(engine, phones.slug)
        assert apples == 3 and not any("facet_listing" in s for s in statements)
    finally:
        stop_keeping(engine)


def test_a_write_in_another_worker_is_seen_at_the_next_facet_request(any_session: Session) -> None:
    phones, engine = _phones(any_session), any_session.get_bind().engine
    thread = keep_index(engine)
    assert thread is not None
    thread.join()
    try:
        assert _apples(engine, phones.slug) == 2  # counted by the index, and kept
        url = engine.url.render_as_string(hide_password=False)
        subprocess.run([sys.executable, "-c", ANOTHER_WORKER, url, str(phones.id)], check=True, timeout=120)
        # Nothing committed here: the kept counts and the index are older than the database all the same.
        assert _apples(engine, phones.slug) == 3
        _wait_for_the_index(engine)
        listing_counts.forget_kept("facets")
        assert _apples(engine, phones.slug) == 3
    finally:
        stop_keeping(engine)
