"""Search ranking on a real database (SQLite, then PostgreSQL): a word of the name beats the inside of a
word of the name, which beats a word of the description; ties go by product id; descriptions are
searched; words inside words are found next to whole-word matches; explicit sorts still apply."""

from __future__ import annotations

import random

import pytest
from sqlmodel import Session

from store_app.catalog import search_service
from store_app.catalog.models import Product
from store_app.catalog.query import ProductQuery, Sort, weighted_words
from store_app.catalog.search_service import suggested_products
from store_app.catalog.service import search_products, update_product
from tests.catalog.conftest import add_category, add_product


@pytest.fixture
def ranked(any_session: Session) -> dict[str, Product]:
    """Made in this order, so product ids run against the relevance each search below expects."""
    s = any_session
    products = {
        "cable": add_product(
            s, "Кабель USB-C Baseus", "990", description="Заряжает смартфон и телефон в дороге, цвет чёрный"
        ),
        "radio": add_product(s, "Радиотелефон Panasonic KX", "2990", description="Домашний беспроводной аппарат"),
        "nokia": add_product(s, "Телефон Nokia 3310", "4990", description="Кнопочный аппарат от Panasonic"),
        "phone": add_product(s, "Смартфон Samsung Galaxy A55", "38990", description="Экран AMOLED"),
        "torch": add_product(s, "Фонарик Ledlenser P7", "59990", description="Светит на 300 метров"),
        "gone": add_product(s, "Телефон снятый с продажи", "990", is_active=False, description="Смартфон"),
    }
    s.commit()
    return products


def names(session: Session, text: str, **query: object) -> list[str]:
    return [p.name for p in search_products(session=session, query=ProductQuery(text=text, **query)).items]


def test_a_word_of_the_name_beats_a_word_inside_a_name_which_beats_the_description(
    any_session: Session, ranked: dict[str, Product]
) -> None:
    assert names(any_session, "телефон") == [
        "Телефон Nokia 3310",  # a word of the name
        "Радиотелефон Panasonic KX",  # inside a word of the name
        "Кабель USB-C Baseus",  # a word of the description
    ]


def test_a_name_beats_a_description(any_session: Session, ranked: dict[str, Product]) -> None:
    assert names(any_session, "смартфоны") == ["Смартфон Samsung Galaxy A55", "Кабель USB-C Baseus"]


def test_a_word_found_only_in_a_description_is_found(any_session: Session, ranked: dict[str, Product]) -> None:
    assert names(any_session, "дорога") == ["Кабель USB-C Baseus"]  # "в дороге": any word form
    assert names(any_session, "черный кабель") == ["Кабель USB-C Baseus"]  # ё/е, name and description together
    assert names(any_session, "аппарат") == ["Радиотелефон Panasonic KX", "Телефон Nokia 3310"]  # a tie: by id


def test_words_inside_words_come_below_whole_words_with_ties_by_id(
    any_session: Session, ranked: dict[str, Product]
) -> None:
    page = search_products(session=any_session, query=ProductQuery(text="фон"))
    assert [p.name for p in page.items] == [
        "Фонарик Ledlenser P7",  # the start of a word
        "Радиотелефон Panasonic KX",  # inside words, by id
        "Телефон Nokia 3310",
        "Смартфон Samsung Galaxy A55",
    ]
    assert page.total == 4 and page.searched_text == ""


def test_every_word_counts_towards_the_relevance(any_session: Session, ranked: dict[str, Product]) -> None:
    # Radiotelephone: inside a name word (2) + a name word (4); Nokia: a name word (4) + its description (1).
    assert names(any_session, "panasonic телефон") == ["Радиотелефон Panasonic KX", "Телефон Nokia 3310"]
    assert names(any_session, "телефон nokia") == ["Телефон Nokia 3310"]  # every word must be found
    assert names(any_session, "телефон galaxy") == []


def test_explicit_sorts_still_order_a_search(any_session: Session, ranked: dict[str, Product]) -> None:
    assert names(any_session, "фон", sort=Sort.PRICE_ASC) == [
        "Радиотелефон Panasonic KX",
        "Телефон Nokia 3310",
        "Смартфон Samsung Galaxy A55",
        "Фонарик Ledlenser P7",
    ]
    assert names(any_session, "фон", sort=Sort.PRICE_DESC)[0] == "Фонарик Ledlenser P7"
    assert names(any_session, "фон", sort=Sort.NEWEST) == [
        "Фонарик Ledlenser P7",
        "Смартфон Samsung Galaxy A55",
        "Телефон Nokia 3310",
        "Радиотелефон Panasonic KX",
    ]
    assert names(any_session, "телефон", sort=Sort.NAME) == [
        "Кабель USB-C Baseus",
        "Радиотелефон Panasonic KX",
        "Телефон Nokia 3310",
    ]


def test_pages_of_a_ranked_search_neither_repeat_nor_skip(any_session: Session, ranked: dict[str, Product]) -> None:
    pages = [search_products(session=any_session, query=ProductQuery(text="фон", page=n, page_size=3)) for n in (1, 2)]
    assert [(page.total, page.pages) for page in pages] == [(4, 2), (4, 2)]
    assert [p.name for page in pages for p in page.items] == names(any_session, "фон")


def test_an_inactive_product_is_not_found_by_its_description(any_session: Session, ranked: dict[str, Product]) -> None:
    assert "Телефон снятый с продажи" not in names(any_session, "смартфон")
    assert names(any_session, "снятый") == []


def test_a_changed_description_is_searched_at_once(any_session: Session, ranked: dict[str, Product]) -> None:
    update_product(
        session=any_session, product_id=ranked["torch"].id, changes={"description": "Водонепроницаемый корпус"}
    )
    any_session.commit()
    assert names(any_session, "водонепроницаемый") == ["Фонарик Ledlenser P7"]
    assert names(any_session, "метров") == []


def test_relevance_is_the_default_only_with_search_words() -> None:
    assert ProductQuery.from_params({"q": "фон"}).order == Sort.RELEVANCE
    assert ProductQuery.from_params({}).order == Sort.NEWEST  # nothing to be relevant to
    assert ProductQuery.from_params({"q": "фон", "sort": "relevance"}).to_url() == "/catalog?q=%D1%84%D0%BE%D0%BD"
    assert ProductQuery.from_params({"q": "фон", "sort": "price"}).order == Sort.PRICE_ASC
    assert ProductQuery(text="фон", sort=Sort.NEWEST).to_url().endswith("&sort=new")


def test_a_search_within_a_category_is_ranked_too(any_session: Session, ranked: dict[str, Product]) -> None:
    phones = add_category(any_session, "Телефоны")
    for key in ("cable", "radio", "nokia", "torch"):
        update_product(session=any_session, product_id=ranked[key].id, changes={"category_ids": [phones.id]})
    any_session.commit()
    assert names(any_session, "телефон", category=phones.slug) == [
        "Телефон Nokia 3310",
        "Радиотелефон Panasonic KX",
        "Кабель USB-C Baseus",
    ]
    assert names(any_session, "panasonic телефон", category=phones.slug) == [
        "Радиотелефон Panasonic KX",
        "Телефон Nokia 3310",
    ]


def test_a_page_may_span_relevance_levels(any_session: Session, ranked: dict[str, Product]) -> None:
    # "телефон" is one text with three weights (a name word, inside a name word, a description word): a page
    # in order of relevance is read level by level, and pages of every size meet without a gap.
    everything = names(any_session, "телефон")
    for size in (1, 2):
        pages = [
            search_products(session=any_session, query=ProductQuery(text="телефон", page=n, page_size=size))
            for n in (1, 2, 3)
        ]
        assert [p.name for page in pages for p in page.items][:3] == everything
        assert [page.total for page in pages] == [3, 3, 3]
    stocked = search_products(session=any_session, query=ProductQuery(text="телефон", in_stock=True, page_size=2))
    assert [p.name for p in stocked.items] == everything[:2] and stocked.total == 3


VOCABULARY = ["смартфон", "телефон", "радиотелефон", "чехол", "samsung", "galaxy", "черный", "кабель", "фон"]


@pytest.mark.parametrize("probe_cost", [0, 10**9])
def test_the_order_of_relevance_is_the_sum_of_the_best_weights_with_ties_by_id(
    any_session: Session, monkeypatch: pytest.MonkeyPatch, probe_cost: int
) -> None:
    """Random names and descriptions from a few words: every search lists exactly what the weights of
    `query.weighted_words` rank (the best weight of each word asked, summed; ties by id), page by page.
    A word that starts several texts is read product by product (probe cost 0) or grouped and sorted."""
    monkeypatch.setattr(search_service, "PROBE_COST", probe_cost)
    rng = random.Random(13)
    products = []
    for n in range(40):
        name = " ".join(rng.sample(VOCABULARY, rng.randint(1, 3))) + f" {n}"
        description = " ".join(rng.sample(VOCABULARY, rng.randint(0, 3)))
        products.append(add_product(any_session, name, 100 + n, description=description))
    any_session.commit()
    searches = ["телефон", "фон", "черный", "смартфон galaxy", "телефон черный", "samsung фон", "кабель", "че"]
    for text in [*searches, "кабель че", "смартфон он", "galaxy ел"]:  # word starts of several texts; short words
        terms = ProductQuery(text=text).search_terms
        expected = []
        for product in products:
            weights = weighted_words(product.name, product.description)
            best = [max((w for word, w in weights.items() if word.startswith(term)), default=0) for term in terms]
            if all(best):
                expected.append((-sum(best), product.id, product.name))
        first = search_products(session=any_session, query=ProductQuery(text=text, page_size=7))
        pages = [first] + [
            search_products(session=any_session, query=ProductQuery(text=text, page=n, page_size=7))
            for n in range(2, first.pages + 1)
        ]
        assert [p.name for page in pages for p in page.items] == [name for _, _, name in sorted(expected)], text


def test_suggestions_are_the_first_products_of_a_search(any_session: Session, ranked: dict[str, Product]) -> None:
    assert [p.name for p in suggested_products(session=any_session, text="фон")] == names(any_session, "фон")[:6]
    assert suggested_products(session=any_session, text=" ф ") == []  # fewer letters than MIN_SUGGEST_LENGTH
