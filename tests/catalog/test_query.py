"""ProductQuery <-> URL parameters: a copied link gives the same query; junk never breaks the page."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from store_app.catalog.query import DEFAULT_PAGE_SIZE, MAX_PAGE, ProductQuery, Sort

prices = st.none() | st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
queries = st.builds(
    ProductQuery,
    text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Z")), max_size=30).map(str.strip),
    category=st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,2}", fullmatch=True) | st.just(""),
    min_price=prices,
    max_price=prices,
    in_stock=st.booleans(),
    sort=st.sampled_from(Sort),
    page=st.integers(min_value=1, max_value=MAX_PAGE),
    page_size=st.integers(min_value=1, max_value=100),
).filter(lambda q: q.min_price is None or q.max_price is None or q.min_price <= q.max_price)


def from_url(url: str) -> ProductQuery:
    return ProductQuery.from_params(dict(parse_qsl(urlsplit(url).query)))


@given(queries)
def test_every_query_survives_the_trip_through_a_url(query: ProductQuery) -> None:
    assert from_url(query.to_url()) == query


def test_the_default_query_is_the_bare_catalog_address() -> None:
    assert ProductQuery().to_url() == "/catalog"
    assert ProductQuery.from_params({}) == ProductQuery()


def test_a_full_query_reads_back_from_its_url() -> None:
    query = ProductQuery(
        text="galaxy s24",
        category="smartfony",
        min_price=Decimal("1000"),
        max_price=Decimal("99999.50"),
        in_stock=True,
        sort=Sort.PRICE_DESC,
        page=3,
    )
    url = query.to_url()
    assert url == "/catalog?q=galaxy+s24&category=smartfony&min=1000&max=99999.5&stock=1&sort=-price&page=3"
    assert from_url(url) == query


def test_junk_parameters_are_ignored_and_the_page_clamped() -> None:
    query = ProductQuery.from_params(
        {"q": "  a   b  ", "min": "abc", "max": "-5", "stock": "maybe", "sort": "cheapest", "page": "-4", "size": "x"}
    )
    assert query == ProductQuery(text="a b")
    assert ProductQuery.from_params({"page": "1" + "0" * 30}).page == MAX_PAGE
    assert ProductQuery.from_params({"page": "0"}).page == 1
    assert ProductQuery.from_params({"size": "100000"}).page_size == 100
    assert ProductQuery.from_params({"size": "abc"}).page_size == DEFAULT_PAGE_SIZE
    assert ProductQuery.from_params({"min": "NaN", "max": "Infinity"}) == ProductQuery()


def test_prices_in_russian_notation_and_swapped_bounds_are_understood() -> None:
    query = ProductQuery.from_params({"min": "50 000,50", "max": "1000"})
    assert (query.min_price, query.max_price) == (Decimal("1000.00"), Decimal("50000.50"))


def test_repeated_parameters_take_the_last_value_and_long_text_is_cut() -> None:
    query = ProductQuery.from_params({"q": ["first", "second"], "category": ["a", "b"]})
    assert (query.text, query.category) == ("second", "b")
    assert len(ProductQuery.from_params({"q": "я" * 500}).text) == 100


def test_changing_a_filter_goes_back_to_the_first_page() -> None:
    query = ProductQuery(text="x", page=7)
    assert query.with_changes(sort=Sort.NAME) == ProductQuery(text="x", sort=Sort.NAME)
    assert query.with_changes(page=8).page == 8
