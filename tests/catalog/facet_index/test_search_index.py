"""A search answered by the facet index finds exactly what the SQL of search_service finds, in the same
order, with the same total and pages: random catalogs made through the catalog service and many random
searches of each (words inside words, word forms, ё/е, short further words, descriptions, several
words, prefixes typed in the search box, layout slips and typos, with categories, prices, filters,
every sort and deep pages), on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.catalog import indexed_search, listing_counts
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute
from store_app.catalog.facet_index import words
from store_app.catalog.facet_index.keeper import stop_keeping
from store_app.catalog.models import Category
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.service import SYSTEM, ProductInput, create_product, search_products, update_product
from tests.catalog.conftest import add_category
from tests.utils.facet_index import keep_index_now

NAME_WORDS = [
    "Смартфон", "Смартфоны", "Радиотелефон", "Телефон", "Фонарик", "Наушники", "Ёлка", "Елочная", "Чёрный",
    "черная", "Ноутбук", "ноутбуки", "Galaxy", "Gala", "Pro", "Profi", "X", "S2", "по", "он", "Полка", "Умные",
]  # fmt: skip
DESCRIPTION_WORDS = ["гарантия", "доставка", "по", "России", "чёрный", "смарт", "фонарь", "получении", "x"]
SEARCHED = [
    "смарт", "смартфоны", "фон", "он", "фо", "по", "пол", "с", "см", "ёлка", "елка", "черн", "ноутбуки", "наушников",
    "galaxy pro", "pro x", "телефон черный", "гарантия", "фон по", "x", "s2", "ник", "gal", "zzz", "yjen,er",
    "смарфтон", "наушнки", "умн", "смарт фо", "тел гарантия россии",
]  # fmt: skip
BRANDS = ["Apple", "Samsung", "Xiaomi"]


def _catalog(session: Session, rng: random.Random) -> tuple[list[Category], list[int]]:
    roots = [add_category(session, f"Раздел {n}") for n in range(2)]
    leaves = [add_category(session, f"Подгруппа {n}", roots[n % 2]) for n in range(4)]
    categories = roots + leaves
    create_attribute(
        session=session,
        data=AttributeInput(code="brand", name="Бренд", kind=AttributeKind.CHOICE, choices="\n".join(BRANDS)),
        actor=SYSTEM,
    )
    product_ids = []
    for n in range(90):
        name = " ".join(rng.sample(NAME_WORDS, rng.choice([1, 2, 3, 4])))
        price = rng.choice([990, 1990, 4990, 12990])
        data = ProductInput(
            name=f"{name} {n}" if rng.random() < 0.5 else name,
            price=price,
            discount_price=rng.choice([None, None, price // 2]),
            is_active=rng.random() < 0.9,
            category_ids=[c.id or 0 for c in rng.sample(leaves, rng.choice([0, 1, 1, 2]))],
            attributes={"brand": rng.choice(BRANDS)} if rng.random() < 0.8 else {},
            description=" ".join(rng.sample(DESCRIPTION_WORDS, rng.choice([0, 1, 3]))),
        )
        product_ids.append(create_product(session=session, data=data).id or 0)
    session.commit()
    return categories, product_ids


def _query(rng: random.Random, categories: list[Category]) -> ProductQuery:
    params = {"q": rng.choice(SEARCHED), "sort": rng.choice(list(Sort)).value}
    if rng.random() < 0.3:
        params["category"] = rng.choice([c.slug for c in categories] + ["nosuch"])
    if rng.random() < 0.3:
        params["min"] = str(rng.choice([495, 990, 2000]))
    if rng.random() < 0.2:
        params["max"] = str(rng.choice([2495, 4990]))
    if rng.random() < 0.2:
        params["f.brand"] = ",".join(rng.sample(BRANDS, rng.choice([1, 2])))
    params["size"] = str(rng.choice([1, 2, 3, 6, 24]))
    params["page"] = str(rng.choice([1, 1, 2, 3, 7]))
    return ProductQuery.from_params(params)


def _answer(session: Session, query: ProductQuery) -> tuple[object, ...]:
    listing_counts.forget_counts()
    page = search_products(session=session, query=query)
    return [p.id for p in page.items], page.total, page.page, page.pages, page.searched_text, page.inside


def _both_ways(session: Session, engine: Engine, queries: list[ProductQuery]) -> tuple[list, list]:
    keep_index_now(engine)
    by_index = [_answer(session, query) for query in queries]
    stop_keeping(engine)
    return by_index, [_answer(session, query) for query in queries]


@pytest.mark.parametrize("many_texts", [words.MANY_TEXTS, 2])  # 2: most prefixes read their own sets
def test_the_index_searches_as_sql_searches_on_random_catalogs(
    any_session: Session, kept_index: Engine, many_texts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(words, "MANY_TEXTS", many_texts)
    monkeypatch.setattr(indexed_search, "MAX_DEPTH", 10)  # deeper pages: SQL with the index's counts
    rng = random.Random(many_texts)
    categories, product_ids = _catalog(any_session, rng)
    queries = [_query(rng, categories) for _ in range(250)]
    by_index, by_sql = _both_ways(any_session, kept_index, queries)
    for query, indexed, sql in zip(queries, by_index, by_sql, strict=True):
        assert indexed == sql, query
    assert sum(1 for answer in by_sql if answer[0]) > 120  # most searches found something
    assert sum(1 for answer in by_sql if answer[4]) > 5  # and some only after a layout or typo retry
    # After writes (a name, a product switched off) a new index agrees again.
    for product_id in rng.sample(product_ids, 10):
        name = " ".join(rng.sample(NAME_WORDS, 2))
        update_product(
            session=any_session, product_id=product_id, changes={"name": name, "is_active": rng.random() < 0.7}
        )
    any_session.commit()
    queries = [_query(rng, categories) for _ in range(60)]
    by_index, by_sql = _both_ways(any_session, kept_index, queries)
    assert by_index == by_sql


def test_a_search_answered_by_the_index_reads_only_its_page_by_key(any_session: Session, kept_index: Engine) -> None:
    rng = random.Random(3)
    _catalog(any_session, rng)
    keep_index_now(kept_index)
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    with Session(kept_index) as session:
        event.listen(kept_index, "before_cursor_execute", seen)
        try:
            page = search_products(session=session, query=ProductQuery(text="смарт", min_price=Decimal(500)))
        finally:
            event.remove(kept_index, "before_cursor_execute", seen)
    assert page.total and page.items
    assert not any("word_part_listing" in s or "category_listing" in s for s in statements), statements
    assert len(statements) == 2  # the catalog version, the page's products
