"""Fills an empty catalog with the demo shop (SPEC B6): bulk inserts, so `make run` starts quickly.

Products get their specifications too (`demo_specs.py`): the brand, the section's and the subsection's.
Categories and attributes have English names too (`demo_english.py`), as a bilingual shop's staff give them."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import insert
from sqlmodel import Session, select

from store_app.catalog import demo_english as english
from store_app.catalog.attribute_models import Attribute, ProductAttributeValue
from store_app.catalog.attributes import parse_value
from store_app.catalog.demo_data import SECTIONS, Subsection
from store_app.catalog.demo_specs import BRAND, SECTION_SPECS, SUBSECTION_SPECS, Spec
from store_app.catalog.listing import refresh_listing
from store_app.catalog.models import Category, Product, ProductCategory, ProductPicture
from store_app.catalog.query import searchable_text
from store_app.catalog.slugs import slugify
from store_app.core import clock

PICTURE_VARIANTS = 3  # make_demo_images.py draws each picture in this many colours
GALLERY_EVERY = 3  # every third model shows all its colours as a gallery
DISCOUNT_SHARE = 0.25
SOLD_OUT_SHARE = 0.08
WARRANTY = "Официальная гарантия производителя, доставка по всей России, оплата при получении."


def picture_path(picture: str, variant: int = 0) -> str:
    return f"/catalog/{picture}-{variant % PICTURE_VARIANTS}.webp"


def _round_price(amount: float) -> Decimal:
    """Shop prices end in 90: 91 988 -> 91 990, 3 612 -> 3 590."""
    return Decimal(max(90, round(amount / 100) * 100 - 10))


def _description(name: str, sub: Subsection, rng: random.Random) -> str:
    first, second, third = rng.sample(sub.features, 3)
    return f"{name}: {first}, {second}. {third[0].upper()}{third[1:]}. {WARRANTY}"


def _products(sub: Subsection, rng: random.Random, now: dt.datetime) -> list[Product]:
    products = []
    variants = sub.variants or (("", 1.0),)
    for index, (model, list_price) in enumerate(sub.models):
        for suffix, factor in variants:
            name = " ".join(part for part in (sub.kind, model, suffix) if part)
            price = _round_price(list_price * factor)
            discount = None
            if rng.random() < DISCOUNT_SHARE:
                discount = min(price - 10, _round_price(float(price) * (1 - rng.choice((0.07, 0.1, 0.15, 0.2, 0.3)))))
            products.append(
                Product(
                    name=name,
                    slug=slugify(name),
                    description=_description(name, sub, rng),
                    price=price,
                    discount_price=discount,
                    stock=0 if rng.random() < SOLD_OUT_SHARE else rng.randint(1, 60),
                    image=picture_path(sub.picture, index),
                    search_text=searchable_text(name),
                    created_at=now - dt.timedelta(days=rng.uniform(0, 120)),
                )
            )
    return products


def _attributes(session: Session, specs: tuple[Spec, ...], category: Category | None) -> list[tuple[Spec, Attribute]]:
    made = [
        (
            spec,
            Attribute(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                unit=spec.unit,
                choices="\n".join(spec.choices),
                group=spec.group,
                category_id=category.id if category else None,
                position=position,
                name_en=english.ATTRIBUTES[spec.code],
                unit_en=english.UNITS.get(spec.unit, spec.unit),
                group_en=english.GROUPS[spec.group],
                choices_en=english.options_en(spec.choices),
            ),
        )
        for position, spec in enumerate(specs)
    ]
    session.add_all(attribute for _, attribute in made)
    session.flush()
    return made


def _values(product: Product, attributes: list[tuple[Spec, Attribute]]) -> list[dict]:
    """The product's specifications, drawn per product name so they stay put when the data grows."""
    rng = random.Random(product.name)
    rows = []
    for spec, attribute in attributes:
        picked = spec.pick(product.name, rng)
        if picked is None:
            continue
        value, number = parse_value(attribute, picked)  # demo data obeys the admin's rules too
        rows.append({"product_id": product.id, "attribute_id": attribute.id, "value": value, "number": number})
    return rows


def _gallery(product: Product) -> list[dict]:
    """Some products show their picture in every colour drawn, the product's own first."""
    first = int(product.image.rsplit("-", 1)[-1].removesuffix(".webp"))
    if first % GALLERY_EVERY:
        return []
    stem = product.image.rsplit("-", 1)[0]
    return [
        {"product_id": product.id, "path": f"{stem}-{(first + step) % PICTURE_VARIANTS}.webp", "position": step}
        for step in range(PICTURE_VARIANTS)
    ]


def load_demo_catalog(session: Session) -> int:
    """Add the demo sections, subsections and products when the catalog is empty; returns rows added."""
    if session.exec(select(Product.id)).first() is not None or session.exec(select(Category.id)).first() is not None:
        return 0
    rng, now = random.Random(2026), clock.now()
    links: list[tuple[Product, Category]] = []
    specs: dict[int, list[tuple[Spec, Attribute]]] = {}  # by subsection id: every attribute its products have
    brand = _attributes(session, (BRAND,), None)
    for position, section in enumerate(SECTIONS):
        top = Category(
            name=section.name,
            name_en=english.CATEGORIES[section.slug],
            slug=section.slug,
            position=position,
            image=picture_path(section.subsections[0].picture),
        )
        session.add(top)
        session.flush()
        inherited = brand + _attributes(session, SECTION_SPECS.get(section.slug, ()), top)
        for sub_position, sub in enumerate(section.subsections):
            category = Category(
                name=sub.name,
                name_en=english.CATEGORIES[sub.slug],
                slug=sub.slug,
                parent_id=top.id,
                position=sub_position,
                image=picture_path(sub.picture),
            )
            session.add(category)
            session.flush()
            assert category.id is not None
            specs[category.id] = inherited + _attributes(session, SUBSECTION_SPECS.get(sub.slug, ()), category)
            links += [(product, category) for product in _products(sub, rng, now)]
    products = [product for product, _ in links]
    session.add_all(products)
    session.flush()
    session.execute(insert(ProductCategory), [{"product_id": p.id, "category_id": c.id} for p, c in links])
    values = [row for product, category in links for row in _values(product, specs[category.id or 0])]
    session.execute(insert(ProductAttributeValue), values)
    session.execute(insert(ProductPicture), [row for product in products for row in _gallery(product)])
    refresh_listing(session=session)
    categories = len(SECTIONS) + sum(len(section.subsections) for section in SECTIONS)
    return categories + len(products)
