"""The shop's own words in English (SPEC H7): the English names staff give categories and specifications
(names, units, headings, options) are what an English reader sees in the sidebar, the breadcrumbs, the
heading, the filter panel, the specifications and the comparison; a Russian reader, or an English one where
none was given, sees the Russian. Stored and checked by the catalog rules; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from store_app.catalog.attribute_models import Attribute, AttributeKind
from store_app.catalog.attributes import AttributeInput, create_attribute, specifications, update_attribute
from store_app.catalog.category_service import CategoryInput, create_category, load_category_tree, update_category
from store_app.catalog.facets import facet_counts
from store_app.catalog.models import Category, Product
from store_app.catalog.names import category_name, in_reader_language, option_names
from store_app.catalog.query import ProductQuery
from store_app.catalog.saved import compare_rows
from store_app.catalog.service import SYSTEM, ProductInput, create_product
from store_app.catalog.view_rows import breadcrumb_links, sidebar_links
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import language, t


def test_the_english_name_is_chosen_only_for_an_english_reader_who_has_one() -> None:
    assert in_reader_language("Смартфоны", "Smartphones", "en") == "Smartphones"
    assert in_reader_language("Смартфоны", "Smartphones", "ru") == "Смартфоны"
    assert in_reader_language("Смартфоны", "", "en") == "Смартфоны"
    with language("en"):
        assert in_reader_language("Смартфоны", "Smartphones") == "Smartphones"
    with language("ru"):
        assert in_reader_language("Смартфоны", "Smartphones") == "Смартфоны"


def test_a_choices_options_are_named_line_by_line() -> None:
    colour = Attribute(code="colour", name="Цвет", kind="choice", choices="Чёрный\nБелый", choices_en="Black\nWhite")
    assert option_names(colour, "en") == {"Чёрный": "Black", "Белый": "White"}
    assert option_names(colour, "ru") == {}
    assert option_names(Attribute(code="c", name="Цвет", kind="choice", choices="Чёрный"), "en") == {}


@pytest.fixture
def shop(any_session: Session) -> Session:
    """Gadgets > phones (English names), kitchen (none); a colour with English options, a screen in inches
    with an English unit and heading, a memory choice without English options; two phones."""
    session = any_session
    gadgets = create_category(session=session, data=CategoryInput(name="Гаджеты", name_en="Gadgets", slug="gadgets"))
    phones = create_category(
        session=session,
        data=CategoryInput(name="Смартфоны", name_en="  Smart   phones ", slug="phones", parent_id=gadgets.id),
    )
    create_category(session=session, data=CategoryInput(name="Кухня", slug="kitchen"))
    for data in (
        AttributeInput(
            code="colour",
            name="Цвет",
            name_en="Colour",
            kind=AttributeKind.CHOICE,
            choices="Чёрный\nБелый",
            choices_en="Black\n\nWhite\n",
            group="Общие",
            group_en="General",
            category_id=gadgets.id,
        ),
        AttributeInput(
            code="screen",
            name="Диагональ",
            name_en="Screen size",
            kind=AttributeKind.NUMBER,
            unit="дюйм.",
            unit_en="in",
            group="Экран",
            group_en="Display",
            category_id=phones.id,
        ),
        AttributeInput(
            code="memory", name="Память", kind=AttributeKind.CHOICE, choices="128 ГБ", category_id=phones.id
        ),
        AttributeInput(code="nfc", name="NFC", kind=AttributeKind.FLAG, category_id=phones.id),
    ):
        create_attribute(session=session, data=data, actor=SYSTEM)
    for name, colour, screen in (("Смартфон Альфа", "Чёрный", "6.1"), ("Смартфон Бета", "Белый", "6.7")):
        values = {"colour": colour, "screen": screen, "memory": "128 ГБ", "nfc": "да"}
        data = ProductInput(name=name, price="1000", stock=3, category_ids=[phones.id or 0], attributes=values)
        create_product(session=session, data=data, actor=SYSTEM)
    session.commit()
    return session


def _facets(session: Session) -> dict[str, tuple[str, str, list[str]]]:
    found = facet_counts(session=session, query=ProductQuery(category="phones"))
    return {facet.code: (facet.name, facet.unit, [value.label for value in facet.values]) for facet in found}


def test_an_english_reader_sees_the_english_names_in_the_filter_panel(shop: Session) -> None:
    with language("en"):
        english = _facets(shop)
    with language("ru"):
        russian = _facets(shop)
    assert english["colour"] == ("Colour", "", ["Black", "White"])
    assert english["screen"][:2] == ("Screen size", "in")
    assert english["memory"] == ("Память", "", ["128 ГБ"])  # no English given: the Russian
    assert english["nfc"] == ("NFC", "", [t("catalog.attribute.yes", lang="en")])
    assert russian["colour"] == ("Цвет", "", ["Чёрный", "Белый"])
    assert russian["screen"][:2] == ("Диагональ", "дюйм.")


def test_the_specifications_and_the_comparison_are_in_the_readers_language(shop: Session) -> None:
    products = list(shop.exec(select(Product).order_by(col(Product.name))))
    phones = [category.id for category in _categories(shop) if category.slug == "phones"]
    with language("en"):
        table = dict(specifications(shop, products[0].id or 0, phones))
        compared = {row.name: row.values for row in compare_rows(session=shop, products=products)}
    assert table["General"] == [("Colour", "Black")]
    assert table["Display"] == [("Screen size", "6.1 in")]
    assert compared["Colour"] == ["Black", "White"]
    assert compared["Screen size"] == ["6.1 in", "6.7 in"]
    assert compared["Память"] == ["128 ГБ", "128 ГБ"]
    with language("ru"):
        table = dict(specifications(shop, products[0].id or 0, phones))
    assert table["Общие"] == [("Цвет", "Чёрный")]
    assert table["Экран"] == [("Диагональ", "6,1 дюйм.")]


def _categories(session: Session) -> list[Category]:
    return list(load_category_tree(session=session).categories)


def test_the_sidebar_breadcrumbs_and_heading_use_the_english_category_names(shop: Session) -> None:
    tree = load_category_tree(session=shop)
    query = ProductQuery(category="phones")
    with language("en"):
        assert [link.name for link in breadcrumb_links(tree, tree.by_slug["phones"])] == ["Gadgets", "Smart phones"]
        assert [link.name for link in sidebar_links(tree, query)] == ["Gadgets", "Smart phones", "Кухня"]
        assert category_name(tree.by_slug["phones"]) == "Smart phones"  # the catalog's heading
    with language("ru"):
        assert [link.name for link in breadcrumb_links(tree, tree.by_slug["phones"])] == ["Гаджеты", "Смартфоны"]
        assert category_name(tree.by_slug["phones"]) == "Смартфоны"


def test_english_options_must_name_every_option_in_order(shop: Session) -> None:
    colour = next(a for a in _attributes(shop) if a.code == "colour")
    assert colour.choices_en == "Black\nWhite"  # blank lines dropped
    data = AttributeInput(
        code="colour",
        name="Цвет",
        kind=AttributeKind.CHOICE,
        choices="Чёрный\nБелый\nСиний",
        choices_en="Black\nWhite",
        category_id=colour.category_id,
    )
    with pytest.raises(ValidationFailed) as caught:
        update_attribute(session=shop, attribute_id=colour.id or 0, data=data, actor=SYSTEM)
    assert caught.value.errors == {"choices_en": [t("catalog.error.attribute_choices_en")]}
    too_long = AttributeInput(code="x", name="Икс", name_en="x" * 81, kind=AttributeKind.TEXT, unit_en="u" * 21)
    with pytest.raises(ValidationFailed) as caught:
        create_attribute(session=shop, data=too_long, actor=SYSTEM)
    assert set(caught.value.errors) == {"name_en", "unit_en"}


def test_a_categorys_english_name_is_checked_and_changed_on_its_own(shop: Session) -> None:
    kitchen = next(c for c in _categories(shop) if c.slug == "kitchen")
    with pytest.raises(ValidationFailed) as caught:
        update_category(session=shop, category_id=kitchen.id or 0, changes={"name_en": "K" * 121}, actor=SYSTEM)
    assert caught.value.errors == {"name_en": [t("catalog.error.category_name_en")]}
    shop.rollback()
    changed = update_category(session=shop, category_id=kitchen.id or 0, changes={"name_en": "Kitchen"}, actor=SYSTEM)
    assert (changed.name, changed.name_en, changed.slug) == ("Кухня", "Kitchen", "kitchen")


def _attributes(session: Session) -> list[Attribute]:
    return list(session.exec(select(Attribute)))
