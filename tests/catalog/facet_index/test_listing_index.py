"""A listing without search words answered by the facet index finds exactly what the SQL of
search_service finds, in the same order, with the same total and pages: random catalogs made through
the catalog service (products created in the same instant among them, so ties go by id) and many
random listings (categories, prices, specification filters, every sort, deep pages, pages past the
end), on SQLite and PostgreSQL; and such a page reads only the catalog version and its products."""

from __future__ import annotations

import random
from array import array

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store_app.catalog import listing_counts
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute
from store_app.catalog.facet_index.bitsets import packed
from store_app.catalog.facet_index.keeper import stop_keeping
from store_app.catalog.facet_index.listing_order import ListingOrder
from store_app.catalog.models import Category, CategoryListing, Product
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.service import SYSTEM, ProductInput, create_product, search_products, update_product
from tests.catalog.conftest import add_category
from tests.utils.facet_index import keep_index_now
from tests.utils.statements import statements_sent

BRANDS = ["Apple", "Samsung", "Xiaomi"]


def test_a_listing_order_reads_any_set_as_sorting_its_members_would() -> None:
    rng = random.Random(7)
    for size in (1, 40, 3_000):
        keys = [rng.choice([1, 2, 3, 50, 99]) for _ in range(size)]
        ids = rng.sample(range(1, 10 * size + 1), size)
        order = ListingOrder.of((keys[p], ids[p], p) for p in range(size))
        for share in (None, 0.002, 0.05, 0.5, 1.0):
            chosen = range(size) if share is None else [p for p in range(size) if rng.random() < share]
            ranked = sorted(chosen, key=lambda p: (keys[p], ids[p]))
            products = None if share is None else packed(chosen)
            for descending in (False, True):
                expected = ranked[::-1] if descending else ranked
                for skip, wanted in [(0, 1), (0, 24), (7, 10), (len(ranked) - 2, 10), (len(ranked) + 3, 5)]:
                    skip = max(skip, 0)
                    page = order.page(products, skip, wanted, descending=descending)
                    assert page == expected[skip : skip + wanted], (size, share, descending, skip)


def _catalog(session: Session, rng: random.Random) -> list[Category]:
    roots = [add_category(session, f"Раздел {n}") for n in range(2)]
    leaves = [add_category(session, f"Подгруппа {n}", roots[n % 2]) for n in range(4)]
    create_attribute(
        session=session,
        data=AttributeInput(code="brand", name="Бренд", kind=AttributeKind.CHOICE, choices="\n".join(BRANDS)),
        actor=SYSTEM,
    )
    made = []
    for n in range(90):
        price = rng.choice([990, 1990, 4990, 12990])
        data = ProductInput(
            name=f"Товар {n}",
            price=price,
            discount_price=rng.choice([None, None, price // 2, price - 1]),
            stock=rng.choice([0, 3]),
            is_active=rng.random() < 0.9,
            category_ids=[c.id or 0 for c in rng.sample(leaves, rng.choice([0, 1, 1, 2]))],
            attributes={"brand": rng.choice(BRANDS)} if rng.random() < 0.8 else {},
        )
        made.append(create_product(session=session, data=data))
    # A third of the products in a few instants: the newest first then goes by id among them.
    for product in rng.sample(made, 30):
        instant = made[rng.choice([3, 40, 77])].created_at
        for table, key in ((Product, Product.id), (CategoryListing, CategoryListing.product_id)):
            session.execute(update(table).where(col(key) == product.id).values(created_at=instant))
    listing_counts.catalog_changed(session)
    session.commit()
    return roots + leaves


def _query(rng: random.Random, categories: list[Category]) -> ProductQuery:
    params = {"sort": rng.choice([*Sort, Sort.RELEVANCE, Sort.NEWEST]).value}
    if rng.random() < 0.4:
        params["category"] = rng.choice([c.slug for c in categories] + ["nosuch"])
    if rng.random() < 0.3:
        params["min"] = str(rng.choice([495, 990, 2000, 2494.5]))
    if rng.random() < 0.2:
        params["max"] = str(rng.choice([2495, 4990, 6494.99]))
    if rng.random() < 0.2:
        params["f.brand"] = ",".join(rng.sample(BRANDS, rng.choice([1, 2])))
    if rng.random() < 0.1:
        params["stock"] = "1"  # always SQL: compared all the same
    params["size"] = str(rng.choice([1, 2, 3, 6, 24]))
    params["page"] = str(rng.choice([1, 1, 2, 3, 7, 40, 100]))
    return ProductQuery.from_params(params)


def _answer(session: Session, query: ProductQuery) -> tuple[object, ...]:
    listing_counts.forget_counts()
    page = search_products(session=session, query=query)
    return [p.id for p in page.items], page.total, page.page, page.pages, page.query


def _both_ways(session: Session, engine: Engine, queries: list[ProductQuery]) -> tuple[list, list]:
    keep_index_now(engine)
    by_index = [_answer(session, query) for query in queries]
    stop_keeping(engine)
    return by_index, [_answer(session, query) for query in queries]


def test_the_index_lists_as_sql_lists_on_random_catalogs(any_session: Session, kept_index: Engine) -> None:
    rng = random.Random(11)
    categories = _catalog(any_session, rng)
    queries = [_query(rng, categories) for _ in range(300)]
    by_index, by_sql = _both_ways(any_session, kept_index, queries)
    for query, indexed, sql in zip(queries, by_index, by_sql, strict=True):
        assert indexed == sql, query
    assert sum(1 for answer in by_sql if len(answer[0]) > 1) > 100  # most pages listed something
    # After writes (a price, a product switched off, a category) a new index agrees again.
    for product in any_session.exec(Product.__table__.select().limit(12)).all():  # type: ignore[call-overload]
        changes = {"price": rng.choice([990, 3000]), "discount_price": None, "is_active": rng.random() < 0.6}
        changes["category_ids"] = [rng.choice(categories).id or 0]
        update_product(session=any_session, product_id=product.id, changes=changes)
    any_session.commit()
    queries = [_query(rng, categories) for _ in range(80)]
    by_index, by_sql = _both_ways(any_session, kept_index, queries)
    assert by_index == by_sql


def test_a_listing_answered_by_the_index_reads_only_its_page_by_key(any_session: Session, kept_index: Engine) -> None:
    _catalog(any_session, random.Random(3))
    keep_index_now(kept_index)
    with Session(kept_index) as session, statements_sent(kept_index) as seen:
        page = search_products(session=session, query=ProductQuery(page=3, page_size=5))
    assert page.total > 50 and len(page.items) == 5 and page.catalog_version is not None
    assert len(seen) == 2, seen  # the catalog version, the page's products by key
    assert not any("category_listing" in s or "count(" in s.lower() for s in seen), seen
    assert "OFFSET" not in seen[1].upper()


def test_an_empty_catalog_lists_nothing_from_the_index(any_session: Session, kept_index: Engine) -> None:
    keep_index_now(kept_index)
    with Session(kept_index) as session:
        page = search_products(session=session, query=ProductQuery(page=2))
    assert (page.items, page.total, page.page, page.pages) == ([], 0, 1, 1)
    assert array("i") == ListingOrder.of([]).positions
