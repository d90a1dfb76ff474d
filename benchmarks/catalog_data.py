"""A large generated catalog for the benchmark: categories in three levels, products in bulk, and
specifications as a shop has them: a brand for every product, three attributes per top section
(a choice, a number, yes/no) and one choice per group below it."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store_app.catalog.attribute_models import Attribute, AttributeKind, ProductAttributeValue
from store_app.catalog.category_service import CategoryTree, load_category_tree
from store_app.catalog.listing import refresh_listing
from store_app.catalog.models import Category, Product, ProductCategory
from store_app.catalog.query import searchable_text

KINDS = [
    "Смартфон",
    "Беспроводные наушники",
    "Ноутбук",
    "Электрический чайник",
    "Телевизор",
    "Планшет",
    "Умная колонка",
    "Умные часы",
    "Игровой монитор",
    "Робот-пылесос",
    "Фотоаппарат",
    "Внешний SSD",
]
BRANDS = [
    "Samsung",
    "Apple",
    "Xiaomi",
    "Asus",
    "Lenovo",
    "Sony",
    "LG",
    "Philips",
    "Bosch",
    "Huawei",
    "Honor",
    "Realme",
    "JBL",
    "Dell",
    "HP",
    "Acer",
    "Canon",
    "Nikon",
    "Яндекс",
    "Redmond",
    "Polaris",
    "Tecno",
]
SERIES = ["Pro", "Max", "Lite", "Air", "Ultra", "Neo", "Plus", "X", "S", "Note", "Go", "Edge"]
COLOURS = ["чёрный", "белый", "серебристый", "синий", "зелёный", "графит"]
COLOURS_EN = ["black", "white", "silver", "blue", "green", "graphite"]
BATCH = 5_000


def _insert_categories(session: Session, count: int) -> CategoryTree:
    roots = max(1, count // 25)
    middles = roots * 4
    rows = [
        {
            "id": n + 1,
            "name": f"Раздел {n + 1}",
            "name_en": f"Section {n + 1}",
            "slug": f"root-{n + 1}",
            "parent_id": None,
            "position": n,
            "image": "",
        }
        for n in range(roots)
    ]
    rows += [
        {
            "id": roots + n + 1,
            "name": f"Группа {n + 1}",
            "name_en": f"Group {n + 1}",
            "slug": f"group-{n + 1}",
            "parent_id": n % roots + 1,
            "position": n,
            "image": "",
        }
        for n in range(middles)
    ]
    first_leaf = roots + middles + 1
    rows += [
        {
            "id": first_leaf + n,
            "name": f"Подгруппа {n + 1}",
            "name_en": f"Subgroup {n + 1}",
            "slug": f"leaf-{n + 1}",
            "parent_id": roots + n % middles + 1,
            "position": n,
            "image": "",
        }
        for n in range(max(0, count - roots - middles))
    ]
    session.execute(insert(Category), rows)
    return load_category_tree(session=session)


def _product_row(n: int, rng: random.Random, started: dt.datetime) -> dict:
    name = (
        f"{rng.choice(KINDS)} {rng.choice(BRANDS)} {rng.choice(SERIES)} {rng.randint(1, 99)}"
        f" {rng.choice([64, 128, 256, 512])} ГБ, {rng.choice(COLOURS)}"
    )
    price = Decimal(rng.randrange(490, 300_000, 10)) - Decimal("0.10") * rng.randint(0, 1)
    discount = None
    if rng.random() < 0.25:
        discount = (price * Decimal(rng.choice(["0.8", "0.85", "0.9"]))).quantize(Decimal("1"))
    return {
        "id": n + 1,
        "name": name,
        "slug": f"product-{n + 1}",
        "description": f"{name}. Официальная гарантия, доставка по всей России, оплата при получении. " * 2,
        "price": price,
        "discount_price": discount,
        "stock": 0 if rng.random() < 0.1 else rng.randint(1, 200),
        "image": "",
        "is_active": rng.random() > 0.02,
        "search_text": searchable_text(name),
        "created_at": started - dt.timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60)),
        "updated_at": started,
    }


MEMORY = ["64 ГБ", "128 ГБ", "256 ГБ", "512 ГБ"]
MEMORY_EN = ["64 GB", "128 GB", "256 GB", "512 GB"]


def _insert_attributes(session: Session, tree: CategoryTree) -> dict[int, list[tuple[int, str, list[str]]]]:
    """The attributes; returns, by leaf category, (attribute id, kind, options) of every one that applies."""
    # English names as a bilingual shop has them, so an English reader's pages are timed with them.
    rows = [
        {
            "code": "brand",
            "name": "Бренд",
            "name_en": "Brand",
            "kind": AttributeKind.CHOICE,
            "choices": "\n".join(BRANDS),
        }
    ]
    for root in tree.children(None):
        rows += [
            {
                "code": f"colour_{root.id}",
                "name": "Цвет",
                "name_en": "Colour",
                "kind": AttributeKind.CHOICE,
                "choices": "\n".join(COLOURS),
                "choices_en": "\n".join(COLOURS_EN),
            },
            {
                "code": f"weight_{root.id}",
                "name": "Вес",
                "name_en": "Weight",
                "kind": AttributeKind.NUMBER,
                "unit": "кг",
                "unit_en": "kg",
            },
            {"code": f"wireless_{root.id}", "name": "Беспроводной", "name_en": "Wireless", "kind": AttributeKind.FLAG},
        ]
        rows[-3:] = [row | {"category_id": root.id} for row in rows[-3:]]
        for middle in tree.children(root.id):
            rows.append(
                {
                    "code": f"memory_{middle.id}",
                    "name": "Память",
                    "name_en": "Memory",
                    "kind": AttributeKind.CHOICE,
                    "choices": "\n".join(MEMORY),
                    "choices_en": "\n".join(MEMORY_EN),
                    "category_id": middle.id,
                }
            )
    blank = {"unit": "", "choices": "", "group": "", "category_id": None, "position": 0}
    blank |= {"name_en": "", "unit_en": "", "group_en": "", "choices_en": ""}
    session.execute(insert(Attribute), [blank | row for row in rows])
    by_category: dict[int | None, list[tuple[int, str, list[str]]]] = {}
    for attribute in session.exec(select(Attribute)).all():
        by_category.setdefault(attribute.category_id, []).append((attribute.id, attribute.kind, attribute.options))
    return {
        leaf.id: [a for step in [None, *[c.id for c in tree.path(leaf.id)]] for a in by_category.get(step, [])]
        for leaf in tree.categories
        if leaf.id is not None and not tree.children(leaf.id)
    }


def _value_rows(product_id: int, brand: str, attributes: list[tuple[int, str, list[str]]], rng: random.Random):  # type: ignore[no-untyped-def]
    for attribute_id, kind, options in attributes:
        if kind == AttributeKind.NUMBER:
            number = round(rng.uniform(0.1, 30), 1)
            yield {"product_id": product_id, "attribute_id": attribute_id, "value": f"{number:g}", "number": number}
        else:
            value = brand if options is not None and brand in options else None
            value = value or (rng.choice(options) if kind == AttributeKind.CHOICE else rng.choice(["1", "0"]))
            yield {"product_id": product_id, "attribute_id": attribute_id, "value": value, "number": None}


def generate_catalog(engine: Engine, *, products: int, categories: int) -> CategoryTree:
    rng = random.Random(42)
    started = dt.datetime.now(dt.UTC)
    with Session(engine, expire_on_commit=False) as session:
        tree = _insert_categories(session, categories)
        leaves = [c.id for c in tree.categories if not tree.children(c.id)]
        attributes = _insert_attributes(session, tree)
        for start in range(0, products, BATCH):
            rows = [_product_row(n, rng, started) for n in range(start, min(products, start + BATCH))]
            session.execute(insert(Product), rows)
            links = [{"product_id": row["id"], "category_id": rng.choice(leaves)} for row in rows]
            values = [
                value
                for row, link in zip(rows, links, strict=True)
                for value in _value_rows(row["id"], row["name"].split()[-6], attributes[link["category_id"]], rng)
            ]
            session.execute(insert(ProductAttributeValue), values)
            links += [
                {"product_id": row["id"], "category_id": leaf}
                for row in rows[::10]
                if (leaf := rng.choice(leaves)) != links[row["id"] - start - 1]["category_id"]
            ]
            session.execute(insert(ProductCategory), links)
        refresh_listing(session=session)
        session.commit()
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT setval('product_id_seq', (SELECT max(id) FROM product))"))
            session.execute(text("SELECT setval('category_id_seq', (SELECT max(id) FROM category))"))
            session.execute(text("SELECT setval('attribute_id_seq', (SELECT max(id) FROM attribute))"))
        session.commit()
    # Statistics as a running shop has them (autovacuum on PostgreSQL; ANALYZE on SQLite).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return tree
