"""search_products: every filter (subcategories included), every sort, pages and word search."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session

from store_app.catalog.category_service import delete_category, update_category
from store_app.catalog.models import Category
from store_app.catalog.query import ProductQuery, Sort
from store_app.catalog.service import search_products, update_product
from tests.catalog.conftest import add_category, add_product


@pytest.fixture
def shop(any_session: Session) -> dict[str, Category]:
    s = any_session
    gadgets = add_category(s, "Смартфоны и гаджеты")
    phones = add_category(s, "Смартфоны", gadgets)
    flagships = add_category(s, "Флагманы", phones)
    watches = add_category(s, "Умные часы", gadgets)
    audio = add_category(s, "Аудио")
    add_product(s, "Смартфон Samsung Galaxy A55", "38990", categories=(phones,), discount="34990")
    add_product(s, "Смартфон Samsung Galaxy S24 Ultra", "129990", categories=(flagships,))
    add_product(s, "Смартфон Xiaomi Redmi Note 13", "21990", categories=(phones,), stock=0)
    add_product(s, "Умные часы Huawei Watch GT 4", "19990", categories=(watches,), discount="15990")
    add_product(s, "Наушники Sony WH-1000XM5", "34990", categories=(audio, gadgets))
    add_product(s, "Ёлочная гирлянда Яндекс", "2990", categories=(gadgets,))
    add_product(s, "Снятый с продажи телефон", "9990", categories=(phones,), is_active=False)
    s.commit()
    return {c.slug: c for c in (gadgets, phones, flagships, watches, audio)}


def names(session: Session, **query: object) -> list[str]:
    return [p.name for p in search_products(session=session, query=ProductQuery(**query)).items]


def test_a_category_includes_its_subcategories_at_any_depth(any_session: Session, shop: dict) -> None:
    assert set(names(any_session, category="smartfony")) == {
        "Смартфон Samsung Galaxy A55",
        "Смартфон Samsung Galaxy S24 Ultra",
        "Смартфон Xiaomi Redmi Note 13",
    }
    top = search_products(session=any_session, query=ProductQuery(category="smartfony-i-gadzhety"))
    assert top.total == 6  # the headphones are linked to two categories, and counted once
    assert top.category is not None and top.category.name == "Смартфоны и гаджеты"
    assert names(any_session, category="flagmany") == ["Смартфон Samsung Galaxy S24 Ultra"]


def test_an_unknown_category_finds_nothing(any_session: Session, shop: dict) -> None:
    page = search_products(session=any_session, query=ProductQuery(category="net-takoy"))
    assert (page.total, page.items, page.category) == (0, [], None)


def test_inactive_products_are_never_listed(any_session: Session, shop: dict) -> None:
    assert "Снятый с продажи телефон" not in names(any_session, page_size=100)
    assert names(any_session, text="снятый") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("samsung", {"Смартфон Samsung Galaxy A55", "Смартфон Samsung Galaxy S24 Ultra"}),
        ("SAMSUNG galax s2", {"Смартфон Samsung Galaxy S24 Ultra"}),  # every word starts a word of the name
        ("СМАРТФОН xiaomi", {"Смартфон Xiaomi Redmi Note 13"}),
        ("елочная", {"Ёлочная гирлянда Яндекс"}),  # ё and е are one letter for search
        ("wh-1000", {"Наушники Sony WH-1000XM5"}),
        ("часы 4", {"Умные часы Huawei Watch GT 4"}),
        ("iphone", set()),
        ("100%_", set()),  # LIKE wildcards are plain characters
    ],
)
def test_text_search_matches_word_starts_regardless_of_case(
    any_session: Session, shop: dict, text: str, expected: set[str]
) -> None:
    assert set(names(any_session, text=text)) == expected


def test_the_price_filter_uses_the_price_a_shopper_pays(any_session: Session, shop: dict) -> None:
    # The A55 costs 38 990 but sells at 34 990; the watch costs 19 990 but sells at 15 990.
    assert set(names(any_session, min_price=Decimal("30000"), max_price=Decimal("35000"))) == {
        "Смартфон Samsung Galaxy A55",
        "Наушники Sony WH-1000XM5",
    }
    assert names(any_session, max_price=Decimal("16000"), category="umnye-chasy") == ["Умные часы Huawei Watch GT 4"]
    assert names(any_session, min_price=Decimal("19000"), category="umnye-chasy") == []


def test_one_shape_of_listing_answers_each_querys_own_values(any_session: Session, shop: dict) -> None:
    # The same filters with other values run the same prebuilt statement, bound to the new values.
    assert names(any_session, min_price=Decimal("1"), max_price=Decimal("3000")) == ["Ёлочная гирлянда Яндекс"]
    assert names(any_session, min_price=Decimal("100000"), max_price=Decimal("200000")) == [
        "Смартфон Samsung Galaxy S24 Ultra"
    ]
    assert names(any_session, category="audio") == ["Наушники Sony WH-1000XM5"]
    assert names(any_session, category="umnye-chasy") == ["Умные часы Huawei Watch GT 4"]


def test_in_stock_only_hides_sold_out_products(any_session: Session, shop: dict) -> None:
    assert "Смартфон Xiaomi Redmi Note 13" in names(any_session, category="smartfony")
    assert "Смартфон Xiaomi Redmi Note 13" not in names(any_session, category="smartfony", in_stock=True)


def test_sorting_by_price_name_and_newest(any_session: Session, shop: dict) -> None:
    by_price = names(any_session, sort=Sort.PRICE_ASC)
    assert by_price == [
        "Ёлочная гирлянда Яндекс",  # 2 990
        "Умные часы Huawei Watch GT 4",  # 15 990 (discounted)
        "Смартфон Xiaomi Redmi Note 13",  # 21 990
        "Смартфон Samsung Galaxy A55",  # 34 990 (discounted), before the headphones at 34 990 added later
        "Наушники Sony WH-1000XM5",
        "Смартфон Samsung Galaxy S24 Ultra",
    ]
    assert names(any_session, sort=Sort.PRICE_DESC) == by_price[::-1]
    assert names(any_session, sort=Sort.NEWEST)[0] == "Ёлочная гирлянда Яндекс"
    assert names(any_session, sort=Sort.NAME) == [
        "Ёлочная гирлянда Яндекс",  # sorted as "елочная": among the е words, not after я like a raw ё
        "Наушники Sony WH-1000XM5",
        "Смартфон Samsung Galaxy A55",
        "Смартфон Samsung Galaxy S24 Ultra",
        "Смартфон Xiaomi Redmi Note 13",
        "Умные часы Huawei Watch GT 4",
    ]


def test_pages_split_the_results_without_gaps_or_repeats(any_session: Session, shop: dict) -> None:
    pages = [search_products(session=any_session, query=ProductQuery(page=n, page_size=4)) for n in (1, 2)]
    assert [(p.total, p.page, p.pages, len(p.items)) for p in pages] == [(6, 1, 2, 4), (6, 2, 2, 2)]
    assert pages[0].has_next and not pages[0].has_previous
    assert pages[1].has_previous and not pages[1].has_next
    seen = [p.name for page in pages for p in page.items]
    assert sorted(seen) == sorted(names(any_session))


def test_a_page_past_the_end_shows_the_last_page(any_session: Session, shop: dict) -> None:
    page = search_products(session=any_session, query=ProductQuery(page=99, page_size=4))
    assert (page.page, page.pages, len(page.items), page.query.page) == (2, 2, 2, 2)


def test_an_empty_result_has_one_empty_page(any_session: Session, shop: dict) -> None:
    page = search_products(session=any_session, query=ProductQuery(text="холодильник", page=3))
    assert (page.total, page.page, page.pages, page.items) == (0, 1, 1, [])


def test_a_price_change_moves_the_product_in_the_price_order(any_session: Session, shop: dict) -> None:
    cheapest = search_products(session=any_session, query=ProductQuery(sort=Sort.PRICE_ASC)).items[-1]
    update_product(session=any_session, product_id=cheapest.id, changes={"discount_price": "990"})
    any_session.commit()
    assert names(any_session, sort=Sort.PRICE_ASC)[0] == "Смартфон Samsung Galaxy S24 Ultra"


def test_search_within_a_category_matches_every_word(any_session: Session, shop: dict) -> None:
    assert names(any_session, category="smartfony-i-gadzhety", text="samsung ultra") == [
        "Смартфон Samsung Galaxy S24 Ultra"
    ]
    assert names(any_session, category="audio", text="samsung") == []
    assert names(any_session, category="audio", text="sony wh") == ["Наушники Sony WH-1000XM5"]


def test_a_deactivated_product_leaves_every_listing(any_session: Session, shop: dict) -> None:
    product = search_products(session=any_session, query=ProductQuery(text="redmi")).items[0]
    update_product(session=any_session, product_id=product.id, changes={"is_active": False})
    any_session.commit()
    assert names(any_session, text="redmi") == []
    assert "Смартфон Xiaomi Redmi Note 13" not in names(any_session, category="smartfony")
    assert "Смартфон Xiaomi Redmi Note 13" not in names(any_session)
    update_product(session=any_session, product_id=product.id, changes={"is_active": True})
    assert names(any_session, category="smartfony-i-gadzhety", text="redmi") == ["Смартфон Xiaomi Redmi Note 13"]


def test_a_discount_reorders_the_category_and_search_listings(any_session: Session, shop: dict) -> None:
    s24 = search_products(session=any_session, query=ProductQuery(text="s24")).items[0]
    update_product(session=any_session, product_id=s24.id, changes={"discount_price": "1990"})
    any_session.commit()
    assert names(any_session, category="smartfony", sort=Sort.PRICE_ASC)[0] == "Смартфон Samsung Galaxy S24 Ultra"
    assert names(any_session, text="samsung", max_price=Decimal("2000")) == ["Смартфон Samsung Galaxy S24 Ultra"]


def test_moving_a_branch_moves_its_products_to_the_new_section(any_session: Session, shop: dict) -> None:
    watches = shop["umnye-chasy"]
    update_category(
        session=any_session,
        category_id=watches.id,
        changes={"parent_id": shop["audio"].id},
    )
    any_session.commit()
    assert "Умные часы Huawei Watch GT 4" in names(any_session, category="audio")
    assert "Умные часы Huawei Watch GT 4" not in names(any_session, category="smartfony-i-gadzhety")


def test_deleting_a_category_takes_its_products_out_of_the_sections_above(any_session: Session, shop: dict) -> None:
    delete_category(session=any_session, category_id=shop["flagmany"].id)
    any_session.commit()
    assert "Смартфон Samsung Galaxy S24 Ultra" not in names(any_session, category="smartfony-i-gadzhety")
    assert "Смартфон Samsung Galaxy S24 Ultra" in names(any_session, text="ultra")  # still sold, uncategorised


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("смартфоны samsung", {"Смартфон Samsung Galaxy A55", "Смартфон Samsung Galaxy S24 Ultra"}),  # word form
        ("наушников", {"Наушники Sony WH-1000XM5"}),
        ("елочной гирлянды", {"Ёлочная гирлянда Яндекс"}),  # forms and ё together
        ("yfeiybrb", {"Наушники Sony WH-1000XM5"}),  # typed with the Latin layout
        ("ыщтн", {"Наушники Sony WH-1000XM5"}),  # "sony" typed with the Cyrillic layout
        ("наушнки", {"Наушники Sony WH-1000XM5"}),  # one letter missing
        ("гирлядна", {"Ёлочная гирлянда Яндекс"}),  # two letters swapped
        ("xiaoni", {"Смартфон Xiaomi Redmi Note 13"}),  # one letter changed
        ("сони", set()),  # under 5 letters: no typo allowed
        ("ншнки", set()),  # two typos
    ],
)
def test_word_forms_layout_slips_and_one_typo_are_found(
    any_session: Session, shop: dict, text: str, expected: set[str]
) -> None:
    assert set(names(any_session, text=text)) == expected


def test_a_corrected_search_says_what_it_searched_and_keeps_the_words_asked(any_session: Session, shop: dict) -> None:
    page = search_products(session=any_session, query=ProductQuery(text="yfeiybrb"))
    assert (page.searched_text, page.query.text, page.total) == ("наушники", "yfeiybrb", 1)
    assert search_products(session=any_session, query=ProductQuery(text="наушники")).searched_text == ""


def test_words_are_found_inside_words(any_session: Session, shop: dict) -> None:
    assert set(names(any_session, text="фон")) == {
        "Смартфон Samsung Galaxy A55",
        "Смартфон Samsung Galaxy S24 Ultra",
        "Смартфон Xiaomi Redmi Note 13",
    }
    assert names(any_session, text="ушники") == ["Наушники Sony WH-1000XM5"]
    assert set(names(any_session, text="фон samsung", category="smartfony")) == {
        "Смартфон Samsung Galaxy S24 Ultra",
        "Смартфон Samsung Galaxy A55",
    }
    page = search_products(session=any_session, query=ProductQuery(text="axy", in_stock=True))
    assert page.inside and page.total == 2 and page.searched_text == ""
    # Found inside no other name: "ultra" finds only the Ultra.
    assert names(any_session, text="ultra") == ["Смартфон Samsung Galaxy S24 Ultra"]
