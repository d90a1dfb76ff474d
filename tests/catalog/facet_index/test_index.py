"""The facet index gives exactly the facets the SQL path gives: random catalogs made through the
catalog service (categories in three levels, choices, yes/no and numbers at every level, prices
with discounts, inactive products, products in several categories or none) and many random views
of each (category, price range, choices, number ranges, search words), on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from decimal import Decimal

from sqlmodel import Session

from store_app.catalog import listing_counts
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute
from store_app.catalog.facet_index.index import FacetIndex, build_index
from store_app.catalog.facets import Facet, facets_of
from store_app.catalog.models import Category
from store_app.catalog.query import ProductQuery
from store_app.catalog.service import SYSTEM, ProductInput, create_product, update_product
from tests.catalog.conftest import add_category

WORDS = ["Смартфон", "Смарт-часы", "Наушники", "Galaxy", "Gala", "Pro", "Profi", "Note", "Фонарик", "Чайник"]
BRANDS = ["Apple", "Samsung", "Xiaomi", "Bosch", "LG"]
SEARCHED = ["смарт", "фон", "pro", "gal", "galaxy pro", "наушники", "note смарт", "чай", "ник", "zzz"]


def _attribute(session: Session, code: str, kind: str, category: Category | None = None, choices: str = "") -> str:
    data = AttributeInput(
        code=code, name=code.title(), kind=kind, category_id=category.id if category else None, choices=choices
    )
    create_attribute(session=session, data=data, actor=SYSTEM)
    return code


Catalog = tuple[list[Category], dict[str, tuple[str, list[str]]], list[int]]


def _random_catalog(session: Session, rng: random.Random) -> Catalog:
    """Categories, attributes (code -> kind, values a filter may ask for) and 80 products (their ids)."""
    roots = [add_category(session, f"Раздел {n}") for n in range(2)]
    middles = [add_category(session, f"Группа {n}", roots[n % 2]) for n in range(4)]
    leaves = [add_category(session, f"Подгруппа {n}", middles[n % 4]) for n in range(3)]
    categories = roots + middles + leaves
    attributes = {"brand": (AttributeKind.CHOICE, BRANDS), "rating": (AttributeKind.NUMBER, ["1", "2.5", "4", "5"])}
    _attribute(session, "brand", AttributeKind.CHOICE, choices="\n".join(BRANDS))
    _attribute(session, "rating", AttributeKind.NUMBER)
    scoped: dict[int, list[str]] = {}  # category id -> its own attributes
    for root in roots:
        for code, kind, values in [
            (f"weight_{root.id}", AttributeKind.NUMBER, ["0.5", "1", "1.5", "2", "10"]),
            (f"wifi_{root.id}", AttributeKind.FLAG, ["1", "0"]),
        ]:
            _attribute(session, code, kind, root)
            attributes[code] = (kind, values)
            scoped.setdefault(root.id or 0, []).append(code)
    for middle in middles[:2]:
        code, options = f"memory_{middle.id}", ["64 ГБ", "128 ГБ", "256 ГБ"]
        _attribute(session, code, AttributeKind.CHOICE, middle, "\n".join(options))
        attributes[code] = (AttributeKind.CHOICE, options)
        scoped[middle.id or 0] = [code]
    by_id = {category.id: category for category in categories}
    product_ids = []
    for n in range(80):
        chosen = rng.sample(categories, rng.choice([0, 1, 1, 1, 2]))
        applicable = ["brand", "rating"]
        for category in chosen:
            step: Category | None = category
            while step is not None:
                applicable += scoped.get(step.id or 0, [])
                step = by_id.get(step.parent_id)
        values = {code: rng.choice(attributes[code][1]) for code in dict.fromkeys(applicable) if rng.random() < 0.75}
        price = rng.choice([990, 1990, 2500, 4990, 5000, 12990])
        data = ProductInput(
            name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}",
            price=price,
            discount_price=rng.choice([None, None, price - 10, price // 2]),
            is_active=rng.random() < 0.85,
            category_ids=[category.id or 0 for category in chosen],
            attributes=values,
        )
        product_ids.append(create_product(session=session, data=data).id or 0)
    session.commit()
    return categories, attributes, product_ids


def _random_query(rng: random.Random, categories: list[Category], attributes: dict) -> ProductQuery:
    params: dict[str, str] = {}
    if rng.random() < 0.7:
        params["category"] = rng.choice([category.slug for category in categories] + ["nosuch"])
    if rng.random() < 0.4:
        params["q"] = rng.choice(SEARCHED)
    for bound in ("min", "max"):
        if rng.random() < 0.3:
            params[bound] = str(rng.choice([495, 990, 1980, 2500, 4990, 5000, 6000]))
    for code in rng.sample(sorted(attributes), rng.choice([0, 1, 1, 2, 3])):
        kind, values = attributes[code]
        if kind == AttributeKind.NUMBER:
            low, high = rng.choice([*values, ""]), rng.choice([*values, ""])
            params[f"f.{code}"] = f"{low}..{high}"
        else:
            params[f"f.{code}"] = ",".join(rng.sample([*values, "Нет такого"], rng.choice([1, 1, 2])))
    return ProductQuery.from_params(params)


def _both_ways(session: Session, query: ProductQuery, inside: bool, index: FacetIndex) -> tuple[list[Facet], ...]:
    listing_counts.forget_kept("facets")
    by_sql = facets_of(session=session, query=query, inside=inside, index=None)
    listing_counts.forget_kept("facets")
    return facets_of(session=session, query=query, inside=inside, index=index), by_sql


def test_the_index_counts_what_sql_counts_on_random_catalogs(any_session: Session) -> None:
    rng = random.Random(1)
    categories, attributes, product_ids = _random_catalog(any_session, rng)
    index = build_index(any_session)
    assert index.version == listing_counts.catalog_version(any_session)
    counted_something = 0
    for _ in range(200):
        query, inside = _random_query(rng, categories, attributes), rng.random() < 0.5
        by_index, by_sql = _both_ways(any_session, query, inside, index)
        assert by_index == by_sql, (query, inside)
        counted_something += any(value.count for facet in by_sql for value in facet.values)
    assert counted_something > 60  # the views were not all empty
    # After writes (a price, a product switched off, a value changed) a new index agrees again.
    for product_id in rng.sample(product_ids, 10):
        changes = {"price": Decimal(rng.choice([990, 3000])), "discount_price": None, "is_active": rng.random() < 0.5}
        changes["attributes"] = {"brand": rng.choice(BRANDS)}
        update_product(session=any_session, product_id=product_id, changes=changes)
    any_session.commit()
    index = build_index(any_session)
    for _ in range(50):
        query, inside = _random_query(rng, categories, attributes), rng.random() < 0.5
        by_index, by_sql = _both_ways(any_session, query, inside, index)
        assert by_index == by_sql, (query, inside)
