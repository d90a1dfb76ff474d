"""Fills an empty catalog with the demo shop (SPEC B6): bulk inserts, so `make run` starts quickly."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import insert
from sqlmodel import Session, select

from store_app.catalog.demo_data import SECTIONS, Subsection
from store_app.catalog.listing import refresh_listing
from store_app.catalog.models import Category, Product, ProductCategory
from store_app.catalog.query import searchable_text
from store_app.catalog.slugs import slugify
from store_app.core import clock

PICTURE_VARIANTS = 3  # make_demo_images.py draws each picture in this many colours
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


def load_demo_catalog(session: Session) -> int:
    """Add the demo sections, subsections and products when the catalog is empty; returns rows added."""
    if session.exec(select(Product.id)).first() is not None or session.exec(select(Category.id)).first() is not None:
        return 0
    rng, now = random.Random(2026), clock.now()
    links: list[tuple[Product, Category]] = []
    for position, section in enumerate(SECTIONS):
        top = Category(
            name=section.name, slug=section.slug, position=position, image=picture_path(section.subsections[0].picture)
        )
        session.add(top)
        session.flush()
        for sub_position, sub in enumerate(section.subsections):
            category = Category(
                name=sub.name, slug=sub.slug, parent_id=top.id, position=sub_position, image=picture_path(sub.picture)
            )
            session.add(category)
            links += [(product, category) for product in _products(sub, rng, now)]
    products = [product for product, _ in links]
    session.add_all(products)
    session.flush()
    session.execute(insert(ProductCategory), [{"product_id": p.id, "category_id": c.id} for p, c in links])
    refresh_listing(session=session)
    categories = len(SECTIONS) + sum(len(section.subsections) for section in SECTIONS)
    return categories + len(products)
