"""The demo catalog: believable, two levels deep, with pictures that ship in assets/, loaded only once."""

from __future__ import annotations

import re
from collections import Counter

from sqlmodel import Session, select

from store_app.catalog.attribute_models import Attribute
from store_app.catalog.category_service import load_category_tree
from store_app.catalog.demo import load_demo_catalog
from store_app.catalog.models import Category, CategoryListing, Product, ProductCategory, WordListing
from store_app.catalog.query import ProductQuery
from store_app.catalog.search_service import search_products
from store_app.catalog.slugs import is_valid_slug
from store_app.core.settings import PROJECT_ROOT
from tests.catalog.conftest import add_product


def test_an_empty_catalog_gets_a_believable_two_level_shop(session: Session) -> None:
    added = load_demo_catalog(session)
    session.commit()
    products = session.exec(select(Product)).all()
    tree = load_category_tree(session=session)
    assert added == len(products) + len(tree.categories)
    assert len(products) >= 200
    assert len(tree.categories) >= 15
    sections = tree.children(None)
    assert len(sections) >= 5 and all(tree.children(section.id) for section in sections)
    assert all(not tree.children(child.id) for section in sections for child in tree.children(section.id))

    links = session.exec(select(ProductCategory)).all()
    leaf_ids = {c.id for c in tree.categories if c.parent_id is not None}
    assert {link.product_id for link in links} == {p.id for p in products}
    assert {link.category_id for link in links} == leaf_ids  # every subsection has products

    discounted = [p for p in products if p.discount_price is not None]
    assert 0.15 <= len(discounted) / len(products) <= 0.35
    assert all(p.discount_price < p.price for p in discounted)
    assert 0 < sum(p.stock == 0 for p in products) < len(products) / 4
    prices = {p.price for p in products}
    assert len(prices) > 80 and min(prices) < 1000 < 100_000 < max(prices)  # from cables to cameras
    assert len({p.name for p in products}) == len(products)
    assert all(is_valid_slug(p.slug) for p in products)
    assert all(len(p.description) > 80 for p in products)


def test_every_demo_picture_ships_in_assets(session: Session) -> None:
    load_demo_catalog(session)
    images = {p.image for p in session.exec(select(Product))} | {c.image for c in session.exec(select(Category))}
    missing = [image for image in images if not (PROJECT_ROOT / "assets" / image.lstrip("/")).is_file()]
    assert missing == []
    sizes = [path.stat().st_size for path in (PROJECT_ROOT / "assets" / "catalog").glob("*.webp")]
    assert sum(sizes) < 3 * 1024 * 1024


def test_demo_products_are_found_by_search_and_category(session: Session) -> None:
    load_demo_catalog(session)
    session.commit()
    assert session.exec(select(WordListing)).first() is not None
    assert session.exec(select(CategoryListing)).first() is not None
    phones = search_products(session=session, query=ProductQuery(text="смартфон samsung"))
    assert phones.total >= 2 and all("Samsung" in p.name for p in phones.items)
    section = search_products(session=session, query=ProductQuery(category="audio"))
    sub = search_products(session=session, query=ProductQuery(category="headphones"))
    assert 0 < sub.total < section.total


def test_the_loader_leaves_a_catalog_that_has_products_alone(session: Session) -> None:
    add_product(session, "Свой товар", "1000")
    session.commit()
    assert load_demo_catalog(session) == 0
    assert [p.name for p in session.exec(select(Product))] == ["Свой товар"]


def test_loading_twice_adds_nothing_the_second_time(session: Session) -> None:
    first = load_demo_catalog(session)
    session.commit()
    assert first > 0
    assert load_demo_catalog(session) == 0
    counts = Counter(c.slug for c in session.exec(select(Category)))
    assert max(counts.values()) == 1


def test_every_demo_product_has_a_brand_and_three_to_six_specific_values(session: Session) -> None:
    from store_app.catalog.attributes import product_values
    from store_app.catalog.facets import facet_counts
    from store_app.catalog.pictures import gallery_paths

    load_demo_catalog(session)
    session.commit()
    products = session.exec(select(Product)).all()
    for product in products:
        values = product_values(session, product.id or 0)
        assert values.get("brand"), product.name
        assert 3 <= len(values) - 1 <= 6, (product.name, values)
    iphone = next(p for p in products if p.name == "Смартфон Apple iPhone 15 256 ГБ")
    values = product_values(session, iphone.id or 0)
    assert (values["brand"], values["phone_storage"]) == ("Apple", "256 ГБ")
    assert set(values) == {
        "brand",
        "colour",
        "phone_screen",
        "phone_ram",
        "phone_storage",
        "phone_battery",
        "phone_nfc",
    }
    tv = next(p for p in products if p.name.startswith("Телевизор Samsung UE65"))
    assert product_values(session, tv.id or 0)["tv_screen"] == "65"
    facets = facet_counts(session=session, query=ProductQuery(category="tv"))
    assert {"brand", "tv_screen", "tv_panel"} <= {facet.code for facet in facets}
    galleries = [len(gallery_paths(session, p)) for p in products]
    assert galleries.count(3) >= 30 and galleries.count(1) >= 100


def test_every_demo_category_and_specification_has_an_english_name(session: Session) -> None:
    load_demo_catalog(session)
    cyrillic = re.compile("[А-Яа-яЁё]")
    categories = session.exec(select(Category)).all()
    assert all(c.name_en and not cyrillic.search(c.name_en) for c in categories)
    attributes = session.exec(select(Attribute)).all()
    assert all(a.name_en and not cyrillic.search(a.name_en + a.unit_en + a.group_en) for a in attributes)
    assert all(a.group_en for a in attributes if a.group)
    assert all(a.unit_en for a in attributes if a.unit)
    with_options = [a for a in attributes if a.options_en]
    assert {a.code for a in with_options} >= {"brand", "colour", "phone_storage", "drive_type"}
    assert all(len(a.options_en) == len(a.options) for a in with_options)  # the rule the admin form checks
    assert not any(cyrillic.search(option) for a in with_options for option in a.options_en)
