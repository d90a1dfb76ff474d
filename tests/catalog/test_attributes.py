"""Attributes: inherited by subcategories, typed values checked by field, filters and facet counts
that keep a chosen facet's other values counted; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from store_app.audit.models import HistoryEvent
from store_app.catalog.attribute_models import AttributeKind, FacetListing, ProductAttributeValue
from store_app.catalog.attributes import (
    AttributeInput,
    applicable_attributes,
    create_attribute,
    delete_attribute,
    product_values,
    update_attribute,
)
from store_app.catalog.category_service import update_category
from store_app.catalog.facets import Facet, facet_counts
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.service import SYSTEM, ProductInput, create_product, search_products, update_product
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import language, t
from tests.catalog.conftest import add_category, add_product


def _attribute(session: Session, code: str, kind: str, category=None, **extra) -> int:  # type: ignore[no-untyped-def]
    data = AttributeInput(
        code=code, name=code.title(), kind=kind, category_id=category.id if category else None, **extra
    )
    attribute = create_attribute(session=session, data=data, actor=SYSTEM)
    assert attribute.id is not None
    return attribute.id


@pytest.fixture
def shop(any_session: Session) -> Session:
    """Brand for all; phones (screen, memory, NFC) under gadgets (colour); a kettle elsewhere."""
    session = any_session
    gadgets = add_category(session, "Гаджеты")
    phones = add_category(session, "Смартфоны", gadgets)
    kitchen = add_category(session, "Кухня")
    _attribute(session, "brand", AttributeKind.CHOICE, choices="Apple\nSamsung\nXiaomi\nBosch")
    _attribute(session, "colour", AttributeKind.CHOICE, gadgets, choices="Чёрный\nБелый")
    _attribute(session, "screen", AttributeKind.NUMBER, phones, unit="″")
    _attribute(session, "memory", AttributeKind.CHOICE, phones, choices="128 ГБ\n256 ГБ")
    _attribute(session, "nfc", AttributeKind.FLAG, phones)
    rows = [
        ("iPhone 15", 79990, "Apple", "Чёрный", "6.1", "128 ГБ", "да"),
        ("iPhone 15 Plus", 89990, "Apple", "Белый", "6,7", "256 ГБ", "1"),
        ("Galaxy S24", 74990, "Samsung", "Чёрный", "6.2", "256 ГБ", "yes"),
        ("Galaxy A55", 38990, "samsung", "Белый", "6.6", "128 ГБ", "нет"),
        ("Redmi Note 13", 27990, "Xiaomi", "Чёрный", "6.67", "256 ГБ", "0"),
    ]
    for name, price, brand, colour, screen, memory, nfc in rows:
        data = ProductInput(
            name=f"Смартфон {name}",
            price=str(price),
            category_ids=[phones.id or 0],
            attributes={"brand": brand, "colour": colour, "screen": screen, "memory": memory, "nfc": nfc},
        )
        create_product(session=session, data=data)
    add_product(session, "Чайник Bosch", 3990, categories=(kitchen,))
    kettle = search_products(session=session, query=ProductQuery(text="чайник")).items[0]
    update_product(session=session, product_id=kettle.id or 0, changes={"attributes": {"brand": "Bosch"}})
    session.commit()
    return session


def _facet(facets: list[Facet], code: str) -> Facet:
    return next(facet for facet in facets if facet.code == code)


def _counts(facet: Facet) -> dict[str, int]:
    return {value.value: value.count for value in facet.values}


def test_a_subcategory_inherits_the_attributes_above_it(shop: Session) -> None:
    phones = search_products(session=shop, query=ProductQuery(category="smartfony")).category
    gadgets = search_products(session=shop, query=ProductQuery(category="gadzhety")).category
    assert phones is not None and gadgets is not None
    codes = [a.code for a in applicable_attributes(shop, [phones.id or 0])]
    assert codes == ["brand", "colour", "screen", "memory", "nfc"]
    assert [a.code for a in applicable_attributes(shop, [gadgets.id or 0])] == ["brand", "colour"]


def test_values_are_stored_in_the_attributes_own_form(shop: Session) -> None:
    product = search_products(session=shop, query=ProductQuery(text="iphone plus")).items[0]
    assert product_values(shop, product.id or 0) == {
        "brand": "Apple",
        "colour": "Белый",
        "screen": "6.7",
        "memory": "256 ГБ",
        "nfc": "1",
    }
    galaxy = search_products(session=shop, query=ProductQuery(text="galaxy a55")).items[0]
    assert product_values(shop, galaxy.id or 0)["brand"] == "Samsung"  # the option as the admin wrote it


def test_every_bad_value_is_refused_under_its_field_and_nothing_is_written(shop: Session) -> None:
    phones = search_products(session=shop, query=ProductQuery(category="smartfony")).category
    assert phones is not None
    data = ProductInput(
        name="Смартфон Плохой",
        price="100",
        category_ids=[phones.id or 0],
        attributes={"screen": "шесть", "memory": "64 ГБ", "nfc": "может быть", "weight": "1", "brand": "Apple"},
    )
    with pytest.raises(ValidationFailed) as caught:
        create_product(session=shop, data=data)
    assert set(caught.value.errors) == {
        "attributes.screen",
        "attributes.memory",
        "attributes.nfc",
        "attributes.weight",
    }
    assert "128 ГБ, 256 ГБ" in caught.value.errors["attributes.memory"][0]
    shop.rollback()
    assert not search_products(session=shop, query=ProductQuery(text="плохой")).items


def test_an_attribute_of_another_category_is_refused(shop: Session) -> None:
    kettle = search_products(session=shop, query=ProductQuery(text="чайник")).items[0]
    with pytest.raises(ValidationFailed) as caught:
        update_product(session=shop, product_id=kettle.id or 0, changes={"attributes": {"screen": "6"}})
    assert list(caught.value.errors) == ["attributes.screen"]


def test_an_update_changes_the_named_values_keeps_the_rest_and_is_in_the_history(shop: Session) -> None:
    product = search_products(session=shop, query=ProductQuery(text="galaxy s24")).items[0]
    pid = product.id or 0
    update_product(session=shop, product_id=pid, changes={"attributes": {"memory": "128 ГБ", "nfc": ""}})
    shop.commit()
    values = product_values(shop, pid)
    assert values["memory"] == "128 ГБ" and "nfc" not in values and values["brand"] == "Samsung"
    event = shop.exec(
        select(HistoryEvent).where(col(HistoryEvent.target) == f"product:{pid}").order_by(col(HistoryEvent.id).desc())
    ).first()
    assert event is not None and "attributes" in event.details["fields"]


def test_filters_narrow_the_listing(shop: Session) -> None:
    def names(**params: str) -> set[str]:
        page = search_products(session=shop, query=ProductQuery.from_params(params))
        return {product.name.removeprefix("Смартфон ") for product in page.items}

    assert names(**{"f.brand": "Apple,Samsung"}) == {"iPhone 15", "iPhone 15 Plus", "Galaxy S24", "Galaxy A55"}
    assert names(**{"f.brand": "Apple,Samsung", "f.screen": "6.15..6.65"}) == {"Galaxy S24", "Galaxy A55"}
    assert names(**{"f.screen": "6.65.."}) == {"iPhone 15 Plus", "Redmi Note 13"}
    assert names(**{"category": "smartfony", "f.nfc": "0", "f.memory": "256 ГБ"}) == {"Redmi Note 13"}
    assert names(**{"f.brand": "Bosch"}) == {"Чайник Bosch"}
    assert names(**{"f.nosuch": "1", "q": "redmi"}) == {"Redmi Note 13"}  # an unknown code is ignored


def test_a_chosen_facet_keeps_its_other_values_counted(shop: Session) -> None:
    facets = facet_counts(session=shop, query=ProductQuery.from_params({"category": "smartfony", "f.brand": "Apple"}))
    assert _counts(_facet(facets, "brand")) == {"Apple": 2, "Samsung": 2, "Xiaomi": 1}
    assert [v.value for v in _facet(facets, "brand").values if v.chosen] == ["Apple"]
    # The other facets count only what the chosen brand leaves.
    assert _counts(_facet(facets, "memory")) == {"128 ГБ": 1, "256 ГБ": 1}
    assert _counts(_facet(facets, "nfc")) == {"1": 2}
    screen = _facet(facets, "screen")
    assert (screen.low, screen.high) == (6.1, 6.7)


def test_facets_follow_every_other_filter(shop: Session) -> None:
    query = ProductQuery.from_params({"category": "gadzhety", "max": "75000", "f.colour": "Чёрный"})
    facets = facet_counts(session=shop, query=query)
    assert [facet.code for facet in facets] == ["brand", "colour"]  # a section shows only its own and above
    assert _counts(_facet(facets, "brand")) == {"Samsung": 1, "Xiaomi": 1}
    assert _counts(_facet(facets, "colour")) == {"Чёрный": 2, "Белый": 1}
    searched = facet_counts(session=shop, query=ProductQuery.from_params({"q": "iphone", "category": "smartfony"}))
    assert _counts(_facet(searched, "memory")) == {"128 ГБ": 1, "256 ГБ": 1}
    assert _counts(_facet(searched, "brand")) == {"Apple": 2}
    ranged = facet_counts(session=shop, query=ProductQuery.from_params({"category": "smartfony", "f.screen": "..6.3"}))
    assert _counts(_facet(ranged, "brand")) == {"Apple": 1, "Samsung": 1}
    assert _facet(ranged, "screen").chosen_high == 6.3 and _facet(ranged, "screen").high == 6.7


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("смартфон он", 0),  # "он" ends "смартфон": inside a word means the start of an ending of 3+ letters
        ("iphone 5", 0),  # "5" ends "15"
        ("смартфон фо", 5),  # "фо" starts "фон", the end of "смартфон"
        ("смартфон ho", 2),  # "ho" starts "hone", inside "iphone"
        ("смартфон 1", 3),  # "1" starts "15" and "13"
    ],
)
def test_a_short_further_word_finds_what_the_facets_count(shop: Session, text: str, found: int) -> None:
    """The first word searched is read from the listing rows, a further one off the name: a word of 1-2
    letters inside a name word is found only where an ending of 3+ letters starts with it, as the rows
    the facets count have it (a further word found anywhere in the name made the totals differ)."""
    for query in (ProductQuery(text=text), ProductQuery(text=text, category="smartfony")):
        page = search_products(session=shop, query=query)
        facets = facet_counts(session=shop, query=page.answered, inside=page.inside)
        brands = [_counts(facet) for facet in facets if facet.code == "brand"]  # no facet when nothing is found
        assert (page.total, sum(sum(counts.values()) for counts in brands)) == (found, found)


def test_the_whole_catalog_shows_the_attributes_of_every_product(shop: Session) -> None:
    facets = facet_counts(session=shop, query=ProductQuery())
    assert [facet.code for facet in facets] == ["brand"]
    assert _counts(facets[0]) == {"Apple": 2, "Samsung": 2, "Xiaomi": 1, "Bosch": 1}
    stocked = facet_counts(session=shop, query=ProductQuery(in_stock=True, text="чайник"))
    assert _counts(stocked[0]) == {"Bosch": 1}


def test_an_attribute_in_use_keeps_its_kind_category_and_used_options(shop: Session) -> None:
    memory = next(a for a in applicable_attributes(shop, []) if a.code == "brand")
    change = AttributeInput(code="brand", name="Бренд", kind=AttributeKind.TEXT, choices="Apple")
    with pytest.raises(ValidationFailed) as caught:
        update_attribute(session=shop, attribute_id=memory.id or 0, data=change, actor=SYSTEM)
    assert set(caught.value.errors) == {"kind"}
    fewer = AttributeInput(code="brand", name="Бренд", kind=AttributeKind.CHOICE, choices="Apple\nSamsung")
    with pytest.raises(ValidationFailed) as caught:
        update_attribute(session=shop, attribute_id=memory.id or 0, data=fewer, actor=SYSTEM)
    assert "Bosch" in caught.value.errors["choices"][0] and "Xiaomi" in caught.value.errors["choices"][0]
    with pytest.raises(ValidationFailed) as caught:
        _attribute(shop, "brand", AttributeKind.TEXT)
    assert "code" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        _attribute(shop, "Bad Code", AttributeKind.CHOICE, choices="a,b")
    assert set(caught.value.errors) == {"code", "choices"}


def test_a_change_of_an_attribute_is_in_the_history_with_its_fields(shop: Session) -> None:
    brand = next(a for a in applicable_attributes(shop, []) if a.code == "brand")
    assert brand.id is not None

    def kept(name: str, choices: str, choices_en: str) -> AttributeInput:
        return AttributeInput(
            code=brand.code,
            name=name,
            kind=brand.kind,
            unit=brand.unit,
            choices=choices,
            group=brand.group,
            category_id=brand.category_id,
            position=brand.position,
            name_en=brand.name_en,
            unit_en=brand.unit_en,
            group_en=brand.group_en,
            choices_en=choices_en,
        )

    def changes() -> list[HistoryEvent]:
        query = select(HistoryEvent).where(
            col(HistoryEvent.kind) == "attribute.changed", col(HistoryEvent.target) == f"attribute:{brand.id}"
        )
        return list(shop.exec(query))

    same = kept(brand.name, brand.choices, brand.choices_en)
    update_attribute(session=shop, attribute_id=brand.id, data=same, actor=SYSTEM)
    assert changes() == []  # nothing changed, nothing written
    grown, grown_en = brand.choices + "\nHonor", brand.choices_en and brand.choices_en + "\nHonor"
    update_attribute(session=shop, attribute_id=brand.id, data=kept("Марка", grown, grown_en), actor=SYSTEM)
    shop.commit()
    [changed] = changes()
    assert sorted(changed.details["fields"]) == ["choices", "name"]


def test_removing_an_attribute_removes_its_values_and_facet(shop: Session) -> None:
    nfc = next(a for a in applicable_attributes(shop, []) if a.code == "brand")
    assert nfc.id is not None
    delete_attribute(session=shop, attribute_id=nfc.id, actor=SYSTEM)
    shop.commit()
    assert not shop.exec(select(ProductAttributeValue).where(col(ProductAttributeValue.attribute_id) == nfc.id)).all()
    assert not shop.exec(select(FacetListing).where(col(FacetListing.attribute_id) == nfc.id)).all()
    assert facet_counts(session=shop, query=ProductQuery()) == []
    kinds = set(shop.exec(select(HistoryEvent.kind).where(col(HistoryEvent.target) == f"attribute:{nfc.id}")))
    assert kinds == {"attribute.created", "attribute.deleted"}


def test_moving_a_category_moves_its_facet_rows(shop: Session) -> None:
    phones = search_products(session=shop, query=ProductQuery(category="smartfony")).category
    kitchen = search_products(session=shop, query=ProductQuery(category="kukhnya")).category
    assert phones is not None and kitchen is not None and phones.id is not None
    # Under the kitchen, the phones lose the gadgets' colour (inherited no more); their own stay.
    update_category(session=shop, category_id=phones.id, changes={"parent_id": kitchen.id})
    shop.commit()
    kitchen_facets = facet_counts(session=shop, query=ProductQuery(category="kukhnya"))
    assert [facet.code for facet in kitchen_facets] == ["brand"]
    assert _counts(kitchen_facets[0]) == {"Apple": 2, "Samsung": 2, "Xiaomi": 1, "Bosch": 1}
    assert facet_counts(session=shop, query=ProductQuery(category="gadzhety")) == []


def test_kept_values_go_quietly_when_the_category_no_longer_has_them(shop: Session) -> None:
    product = search_products(session=shop, query=ProductQuery(text="redmi")).items[0]
    kitchen = search_products(session=shop, query=ProductQuery(category="kukhnya")).category
    assert kitchen is not None
    update_product(session=shop, product_id=product.id or 0, changes={"category_ids": [kitchen.id]})
    shop.commit()
    assert product_values(shop, product.id or 0) == {"brand": "Xiaomi"}


def test_facets_of_a_search_inside_words_count_what_it_found(shop: Session) -> None:
    page = search_products(session=shop, query=ProductQuery(text="фон"))
    assert page.inside and page.total == 5
    facets = facet_counts(session=shop, query=page.answered, inside=page.inside)
    assert _counts(_facet(facets, "brand")) == {"Apple": 2, "Samsung": 2, "Xiaomi": 1}


def _counting_statements(session: Session, query: ProductQuery) -> tuple[list[Facet], int]:
    """The facets of `query` and how many grouped (counting) statements reading them took."""
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        facets = facet_counts(session=session, query=query)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return facets, sum("GROUP BY" in statement for statement in statements)


def test_facets_without_a_choice_share_one_statement_and_counts_are_kept(shop: Session) -> None:
    facets, statements = _counting_statements(shop, ProductQuery(category="smartfony"))
    assert [facet.code for facet in facets] == ["brand", "colour", "screen", "memory", "nfc"]
    assert statements == 1
    chosen = ProductQuery.from_params({"category": "smartfony", "f.brand": "Apple", "f.memory": "256 ГБ"})
    facets, statements = _counting_statements(shop, chosen)
    assert statements == 3  # the facets without a choice, then brand and memory each without its own
    assert _counts(_facet(facets, "brand")) == {"Apple": 1, "Samsung": 1, "Xiaomi": 1}
    assert _counts(_facet(facets, "memory")) == {"128 ГБ": 1, "256 ГБ": 1}
    assert _counts(_facet(facets, "colour")) == {"Белый": 1}
    again, statements = _counting_statements(shop, chosen.with_changes(page=3, sort=Sort.PRICE_ASC))
    assert statements == 0 and again == facets  # kept: the page and sort do not change counts
    _, statements = _counting_statements(shop, chosen.with_changes(in_stock=True))
    assert statements == 3  # stock moves with every order: never kept


def test_kept_facet_counts_go_when_a_catalog_write_commits(shop: Session) -> None:
    query = ProductQuery(category="smartfony")
    assert _counts(_facet(facet_counts(session=shop, query=query), "brand"))["Apple"] == 2
    phones = search_products(session=shop, query=query).category
    assert phones is not None and phones.id is not None
    data = ProductInput(
        name="Смартфон iPhone 16", price="99990", category_ids=[phones.id], attributes={"brand": "Apple"}
    )
    create_product(session=shop, data=data)
    shop.rollback()
    assert _counts(_facet(facet_counts(session=shop, query=query), "brand"))["Apple"] == 2
    create_product(session=shop, data=data)
    shop.commit()
    assert _counts(_facet(facet_counts(session=shop, query=query), "brand"))["Apple"] == 3


def test_kept_facets_speak_the_language_of_each_request(shop: Session) -> None:
    query = ProductQuery(category="smartfony")
    with language("ru"):
        russian = [value.label for value in _facet(facet_counts(session=shop, query=query), "nfc").values]
    with language("en"):
        english = [value.label for value in _facet(facet_counts(session=shop, query=query), "nfc").values]
    assert russian == [t("catalog.attribute.yes", "ru"), t("catalog.attribute.no", "ru")]
    assert english == [t("catalog.attribute.yes", "en"), t("catalog.attribute.no", "en")] != russian
