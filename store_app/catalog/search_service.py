"""The catalog listing (SPEC B3): filters, sorting and pages, shared by the pages and the REST API.

A listing reads from one of three sources, each with the same columns (product id, created,
price a shopper pays, folded name): a category's rows of CategoryListing (its whole subtree is
already there), the search words' rows in WordPartListing, or the active products themselves.
Counting and ordering then stay inside one index range; the remaining filters (the category of a
search, stock, specifications) look up single rows.

A search reads the rows of its rarest word (the longest), or of its category; every other word is
checked on the row (its folded name) and against one set of products whose description alone has
it. A product's relevance is the sum over the words of the best weight each found
(`query.weighted_words`): a word of the name beats the inside of a word of the name, which beats a
word of the description. Relevance ties go by product id. Relevance is a small integer, so a page in
its order is read level by level (how many products each relevance has is kept like the total): a
common word's first page reads a page of rows in index order instead of ranking all its products.
While this worker's facet index is as new as the database, a search without a stock filter is
answered by it instead (`indexed_search`), by the same rules; the SQL here answers meanwhile.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    and_,
    asc,
    bindparam,
    case,
    desc,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlmodel import Session, col

from store_app.catalog import indexed_listing, indexed_search, listing_counts
from store_app.catalog.attributes import all_attributes
from store_app.catalog.category_service import get_category_by_slug
from store_app.catalog.facet_index import keeper as facet_index_keeper
from store_app.catalog.facets import active_filters, has_value
from store_app.catalog.models import (
    ACTIVE,
    LISTED_COLUMNS,
    SALE_PRICE,
    Category,
    CategoryListing,
    ListedProduct,
    Product,
    WordPartListing,
)
from store_app.catalog.query import (
    DESCRIPTION_WORD,
    MIN_PART_LENGTH,
    NAME_PART,
    NAME_WORD,
    ProductQuery,
    Sort,
    prefix_range,
    prefix_upper_bound,
)
from store_app.catalog.spelling import corrected_text
from store_app.catalog.word_forms import other_layout


@dataclasses.dataclass(frozen=True)
class ProductPage:
    """One page of results; `query` is what was answered (its page clamped to the pages there are)."""

    items: list[ListedProduct]
    total: int
    page: int
    pages: int
    query: ProductQuery
    category: Category | None = None  # the category filtered on, when it exists
    searched_text: str = ""  # the words actually searched, when the ones asked for found nothing
    # The words were searched in WordPartListing (inside words and descriptions too): the facets of
    # the page count the same rows.
    inside: bool = False
    # Answered by the facet index of this catalog version (its products read in the same transaction).
    catalog_version: int | None = None

    @property
    def answered(self) -> ProductQuery:
        """The query as it was answered: with the words actually searched (for the facets of the page)."""
        return self.query.with_changes(text=self.searched_text or self.query.text, page=self.page)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclasses.dataclass(frozen=True)
class _Source:
    table: FromClause
    product_id: Any
    created_at: Any
    sale_price: Any
    sort_name: Any
    conditions: list[ColumnElement[bool]]
    relevance: Any = None  # a search: the product's relevance
    grouped: bool = False  # a product may have several rows: they are grouped by product
    levels: dict[int, int] = dataclasses.field(default_factory=dict)  # `_levels`, once read for this query


_parts = WordPartListing.__table__  # type: ignore[attr-defined]


# The first and the second text a term starts: two index probes, in one statement (ORDER BY ... LIMIT 1
# rather than min(): PostgreSQL read the whole range for the min() of a correlated range).
_FIRST_TWO = text(
    """
    WITH found AS (
        SELECT word FROM word_part_listing WHERE word >= :low AND word < :high ORDER BY word LIMIT 1
    )
    SELECT found.word, (
        SELECT next.word FROM word_part_listing AS next
        WHERE next.word > found.word AND next.word < :high ORDER BY next.word LIMIT 1
    )
    FROM found
    """
)


def _term_words(session: Session, term: str) -> list[str] | None:
    """The one text `term` starts ([] for none), or None when it starts several. Read as an equality,
    a single text's rows come in product order, each product once, so they need no grouping by
    product: that grouping was most of a search's time on SQLite."""
    found = session.execute(_FIRST_TWO, {"low": term, "high": prefix_upper_bound(term)}).first()
    if found is None:
        return []
    return [found[0]] if found[1] is None else None


def _matches(word_column: Any, term: str, words: list[str] | None) -> list[ColumnElement[bool]]:
    if words is None:
        return prefix_range(word_column, term)
    return [word_column == words[0]] if words else [false()]


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Written out, not a bound parameter: only then may SQLite read the partial index of description rows.
_DESCRIBED = literal_column(str(DESCRIPTION_WORD))


def _inside(name: Any, term: str) -> ColumnElement[bool]:
    """`term` inside a word of the folded name as the listing holds it: the start of one of the word's
    endings of MIN_PART_LENGTH+ letters. So a shorter term needs that many letters of the word after
    it ("он" is not inside "смартфон", "фо" is), as it does when it is the first word searched and
    when the facets count the search (a plain LIKE '%он%' made their counts differ from the total)."""
    inside = name.like(f"%{_escaped(term)}%", escape="\\")
    missing = MIN_PART_LENGTH - len(term)
    if missing <= 0:
        return inside
    # The LIKE first: the pattern runs only on names that have the term at all (a Python function on SQLite).
    return and_(inside, name.regexp_match(re.escape(term) + "[^ ]" * missing))


def _further_term(name: Any, product_id: Any, term: str) -> tuple[ColumnElement[bool], Any]:
    """(condition, weight) of a further search word (of every word, in a category), read off a listing
    row: the folded name it carries tells a word start (NAME_WORD) or the inside of a word
    (NAME_PART), and only the description needs the listing: one set, for the whole query, of the
    products whose description alone has the word (a partial index holds just those rows). A look-up
    per product instead cost more than all the rest of a search."""
    escaped = _escaped(term)
    starts = or_(name.like(f"{escaped}%", escape="\\"), name.like(f"% {escaped}%", escape="\\"))
    inside = _inside(name, term)
    described = _parts.alias()
    in_description = product_id.in_(
        select(described.c.product_id).where(*prefix_range(described.c.word, term), described.c.weight == _DESCRIBED)
    )
    found = or_(starts, inside, in_description) if len(term) < MIN_PART_LENGTH else or_(inside, in_description)
    return found, case((starts, NAME_WORD), (inside, NAME_PART), else_=DESCRIPTION_WORD)


def _search_source(session: Session, terms: list[str]) -> _Source:
    """The rows of the first term (the rarest); each further term is checked on them."""
    first = _parts.alias("term_0")
    words = _term_words(session, terms[0])
    conditions = _matches(first.c.word, terms[0], words)
    relevance = first.c.weight
    for term in terms[1:]:
        condition, weight = _further_term(first.c.sort_name, first.c.product_id, term)
        conditions.append(condition)
        relevance = relevance + weight
    # One text's rows hold each product once; the rows of several are grouped by product.
    grouped = words is None
    c = first.c
    return _Source(
        first,
        c.product_id,
        c.created_at,
        c.sale_price,
        c.sort_name,
        conditions,
        func.max(relevance) if grouped else relevance,
        grouped,
    )


def _each_product_source(terms: list[str]) -> _Source:
    """The products of a search whose first term starts several texts, in product order: each active
    product with the best weight of its own rows of the term, looked up by key (product, word range).
    A level of relevance is then read from its start, as far as the page needs, instead of grouping
    every row of the term (tens of thousands for a prefix of two or three letters)."""
    table = Product.__table__  # type: ignore[attr-defined]
    own = _parts.alias("own")
    relevance: Any = (
        select(func.max(own.c.weight))
        .where(own.c.product_id == table.c.id, *prefix_range(own.c.word, terms[0]))
        .scalar_subquery()
    )
    conditions = [ACTIVE]
    for term in terms[1:]:
        condition, weight = _further_term(table.c.search_text, table.c.id, term)
        conditions.append(condition)
        relevance = relevance + weight
    return _Source(table, table.c.id, table.c.created_at, SALE_PRICE, table.c.search_text, conditions, relevance)


def _terms(query: ProductQuery) -> list[str]:
    return sorted(query.search_terms, key=len, reverse=True)  # the longest word is likely the rarest


def _source(session: Session, query: ProductQuery, category: Category | None) -> _Source:
    terms = _terms(query)
    if category is not None:
        # A category's rows are few enough to check every word on them (the name on the row, one set for
        # descriptions): cheaper than a look-up of the category for each row of a word.
        table = CategoryListing.__table__  # type: ignore[attr-defined]
        c = table.c
        conditions = [c.category_id == bindparam("category_id")]
        relevance: Any = None
        for term in terms:
            condition, weight = _further_term(c.sort_name, c.product_id, term)
            conditions.append(condition)
            relevance = weight if relevance is None else relevance + weight
        return _Source(table, c.product_id, c.created_at, c.sale_price, c.sort_name, conditions, relevance)
    if terms:
        return _search_source(session, terms)
    table = Product.__table__  # type: ignore[attr-defined]
    return _Source(table, table.c.id, table.c.created_at, SALE_PRICE, table.c.search_text, [ACTIVE])


def _filtered(session: Session, query: ProductQuery, category: Category | None) -> _Source:
    return _with_filters(session, query, _source(session, query, category))


def _with_filters(session: Session, query: ProductQuery, source: _Source) -> _Source:
    """`source` with the query's filters other than words and category: specifications, prices, stock."""
    if query.attribute_filters:  # each a key look-up of the product's value
        filters = active_filters(query, list(all_attributes(session).values()))
        source.conditions.extend(has_value(filter_, source.product_id) for filter_ in filters)
    if query.min_price is not None:
        source.conditions.append(source.sale_price >= bindparam("min_price"))
    if query.max_price is not None:
        source.conditions.append(source.sale_price <= bindparam("max_price"))
    if query.in_stock:
        if source.table is Product.__table__:  # type: ignore[attr-defined]
            source.conditions.append(col(Product.stock) > 0)
        else:  # stock changes with every order, so it is read from the product itself
            source.conditions.append(exists().where(col(Product.id) == source.product_id, col(Product.stock) > 0))
    return source


def _order(source: _Source, sort: Sort) -> tuple[tuple[Any, Any], ...]:
    """What a listing sorts by: (expression, `asc` or `desc`), the product id last."""
    if source.relevance is not None and sort == Sort.RELEVANCE:
        return ((source.relevance, desc), (source.product_id, asc))
    # Grouped rows of one product carry the same copies of its columns: any of them (max) will do.
    of_product = func.max if source.grouped else (lambda column: column)
    created, price, name = (of_product(c) for c in (source.created_at, source.sale_price, source.sort_name))
    return {
        Sort.NEWEST: ((created, desc), (source.product_id, desc)),
        Sort.RELEVANCE: ((created, desc), (source.product_id, desc)),  # no words: the newest first
        Sort.PRICE_ASC: ((price, asc), (source.product_id, asc)),
        Sort.PRICE_DESC: ((price, desc), (source.product_id, desc)),
        # The folded name, so names sort regardless of case and ё.
        Sort.NAME: ((name, asc), (source.product_id, asc)),
    }[sort]


@dataclasses.dataclass(frozen=True)
class _Statements:
    """A listing's SQL with its filter values left as bound parameters: the total, and a page's products."""

    count: Select[Any]
    page: Select[Any]
    ranked: _Source | None = None  # a search in order of relevance: its pages are read level by level


def _statements(source: _Source, sort: Sort) -> _Statements:
    counted = func.count(source.product_id.distinct()) if source.grouped else func.count()
    keys = _order(source, sort)
    # The page's ids and sort keys from the listing's own index range, then those products' columns.
    ids = select(source.product_id.label("product_id"), *(key.label(f"key_{n}") for n, (key, _) in enumerate(keys)))
    ids = ids.select_from(source.table).where(*source.conditions)
    if source.grouped:
        ids = ids.group_by(source.product_id)
    ids = ids.order_by(*(direction(key) for key, direction in keys))
    page = ids.offset(bindparam("offset")).limit(bindparam("limit")).subquery("page")
    products = Product.__table__  # type: ignore[attr-defined]
    return _Statements(
        count=select(counted).select_from(source.table).where(*source.conditions),
        page=select(*LISTED_COLUMNS)
        .select_from(page)
        .join(products, products.c.id == page.c.product_id)
        .order_by(*(direction(page.c[f"key_{n}"]) for n, (_, direction) in enumerate(keys))),
        ranked=source if source.relevance is not None and sort == Sort.RELEVANCE else None,
    )


def _total(session: Session, statements: _Statements, query: ProductQuery, values: dict[str, Any]) -> int:
    if statements.ranked is not None:
        return sum(_levels(session, statements.ranked, query, values).values())
    return session.connection().execute(statements.count, values).scalar_one()


def _levels(session: Session, source: _Source, query: ProductQuery, values: dict[str, Any]) -> dict[int, int]:
    """How many products have each relevance (a small integer: a sum of weights), kept like the total
    (and read once per query when it is not kept: a stock filter)."""

    def count() -> dict[int, int]:
        scored = select(source.relevance.label("relevance")).select_from(source.table).where(*source.conditions)
        if source.grouped:
            scored = scored.group_by(source.product_id)
        scores = scored.subquery()
        counted = select(scores.c.relevance, func.count()).group_by(scores.c.relevance)
        return {int(relevance): number for relevance, number in session.connection().execute(counted, values)}

    if not source.levels:
        source.levels.update(listing_counts.kept(session, "relevance", query, count, inside=True))
    return source.levels


# A product read in product order and checked costs about this many rows of a word read and sorted.
PROBE_COST = 4


def _level_reader(
    session: Session, source: _Source, query: ProductQuery, page: int, values: dict[str, Any]
) -> _Source | None:
    """Where a page in order of relevance can be read level by level, in product order: the source
    itself when it holds each product once in product order (one text's rows, a category's); for a
    term of several texts, the products themselves when the levels the page needs are dense enough
    that reading products until the page is full costs less than grouping every row of the term."""
    if not source.grouped:
        return source
    levels = _levels(session, source, query, values)
    highest = session.execute(select(func.max(col(Product.id)))).scalar_one() or 0
    probes = sum((skip + wanted) * highest / levels[level] for level, skip, wanted in _spans(levels, query, page))
    if probes * PROBE_COST > sum(levels.values()):
        return None
    return _with_filters(session, query, _each_product_source(_terms(query)))


def _spans(levels: dict[int, int], query: ProductQuery, page: int) -> Iterator[tuple[int, int, int]]:
    """(relevance, rows of it to skip, rows of it wanted) for each level the page spans, best first."""
    skip, wanted = (page - 1) * query.page_size, query.page_size
    for relevance in sorted(levels, reverse=True):
        if wanted <= 0:
            return
        if skip >= levels[relevance]:
            skip -= levels[relevance]
            continue
        taken = min(wanted, levels[relevance] - skip)
        yield relevance, skip, taken
        skip, wanted = 0, wanted - taken


def _level_page(reader: _Source, relevance: int, skip: int, wanted: int) -> Select[Any]:
    """The products of one relevance, `wanted` of them after `skip`, in product order: read from the
    start of the level's index range as far as the page needs (LIMIT), so a word that tens of thousands
    of products have reads a page's worth of rows, not all of them."""
    level = reader.relevance == literal_column(str(relevance))  # written out: a partial index may serve it
    ids = select(reader.product_id.label("product_id")).select_from(reader.table).where(*reader.conditions, level)
    ids = ids.order_by(reader.product_id).offset(skip).limit(wanted).subquery("level")
    products = Product.__table__  # type: ignore[attr-defined]
    listed = select(*LISTED_COLUMNS).select_from(ids).join(products, products.c.id == ids.c.product_id)
    return listed.order_by(ids.c.product_id)


def _page_rows(
    session: Session, statements: _Statements, query: ProductQuery, page: int, values: dict[str, Any]
) -> list[Any]:
    """The page's products (LISTED_COLUMNS), a search in order of relevance level by level when it can:
    plain rows on the session's connection, no ORM objects, nothing for the ORM to track."""
    connection = session.connection()
    ranked = statements.ranked
    reader = _level_reader(session, ranked, query, page, values) if ranked is not None else None
    if ranked is None or reader is None:
        return list(connection.execute(statements.page, values).all())
    spans = _spans(_levels(session, ranked, query, values), query, page)
    return [row for span in spans for row in connection.execute(_level_page(reader, *span), values).all()]


# Listings without search words or specification filters: their SQL depends only on which filters are
# given and the sort (the values are bound), so it is built once for each such shape. Built anew for
# every page it cost more than running it.
_prebuilt: dict[tuple[Any, ...], _Statements] = {}


def _listing_statements(session: Session, query: ProductQuery, category: Category | None) -> _Statements:
    if query.search_terms or query.attribute_filters:  # the words' rows and the specifications shape the SQL
        return _statements(_filtered(session, query, category), query.order)
    given = (category, query.min_price, query.max_price)
    shape = (*(value is not None for value in given), query.in_stock, query.order)
    found = _prebuilt.get(shape)
    if found is None:
        found = _prebuilt.setdefault(shape, _statements(_filtered(session, query, category), query.order))
    return found


def search_products(*, session: Session, query: ProductQuery) -> ProductPage:
    """Active products matching every filter: each search word (any of its Russian forms) starts a
    word of the name or of the description, or a part inside a word of the name ("фон" finds
    "Смартфон"); the category or any category below it, the price a shopper pays within the range,
    in stock when asked, each specification filter (any chosen value, within a range). Words that
    find nothing are read again as typed in the other keyboard layout, then with one typo corrected
    per word of 5+ letters. With search words the default order is relevance (see the module)."""
    found = _search(session, query)
    if found.total or not query.search_terms:
        return found
    for retry in _retries(session, query.text):
        page = _search(session, query.with_changes(text=retry, page=query.page))
        if page.total:
            return dataclasses.replace(
                page, query=page.query.with_changes(text=query.text, page=page.page), searched_text=retry
            )
    return found


SUGGESTIONS = 6
MIN_SUGGEST_LENGTH = 2


def suggested_products(*, session: Session, text: str) -> list[ListedProduct]:
    """What the search box offers while typing `text`: the first products of the same search, nothing
    for fewer than MIN_SUGGEST_LENGTH letters."""
    query = ProductQuery.from_params({"q": text, "size": str(SUGGESTIONS)})
    if len(query.text) < MIN_SUGGEST_LENGTH:
        return []
    return search_products(session=session, query=query).items


def _retries(session: Session, text: str) -> Iterator[str]:
    swapped = other_layout(text)
    if swapped != text:
        yield swapped
    index = facet_index_keeper.current_index(session)  # its name words, else word_listing's
    for candidate in dict.fromkeys([text, swapped] if swapped != text else [text]):
        corrected = corrected_text(session, candidate, index.words if index is not None else None)
        if corrected is not None:
            yield corrected


def _search(session: Session, query: ProductQuery) -> ProductPage:
    category = get_category_by_slug(session=session, slug=query.category) if query.category else None
    if query.category and category is None:
        return ProductPage(items=[], total=0, page=1, pages=1, query=query.with_changes(page=1))
    values: dict[str, Any] = {
        "category_id": category.id if category else None,
        "min_price": query.min_price,
        "max_price": query.max_price,
    }
    inside = bool(query.search_terms)
    # A search without a stock filter is answered by this worker's facet index while it is current, and
    # so is a listing without words but not by name.
    searched = query.search_terms and not query.in_stock
    listed = indexed_listing.answers(query) and facet_index_keeper.keeps(session)
    index = facet_index_keeper.current_index(session) if searched or listed else None
    if index is not None and not query.search_terms:
        items, total, page, pages = indexed_listing.listed_page(session, index, query, category)
        return ProductPage(
            items, total, page, pages, query.with_changes(page=page), category, catalog_version=index.version
        )
    levels = indexed_search.searched_levels(session, index, query, category) if index is not None else None
    counts = {relevance: products.bit_count() for relevance, products in (levels or {}).items()}
    statements = None
    if levels is not None:
        total = sum(counts.values())
    else:
        statements = _listing_statements(session, query, category)
        total = listing_counts.cached_count(
            session, query, lambda: _total(session, statements, query, values), inside=inside
        )
    pages = max(1, math.ceil(total / query.page_size))
    page = min(query.page, pages)
    values |= {"offset": (page - 1) * query.page_size, "limit": query.page_size}
    rows: list[Any] = []
    if total and index is not None and levels is not None and _indexed_page(query, page):
        rows = indexed_search.listed_rows(session, indexed_search.page_ids(index, levels, _spans(counts, query, page)))
    elif total:
        if statements is None:
            statements = _listing_statements(session, query, category)
            if statements.ranked is not None:  # its levels are counted already, by the index
                statements.ranked.levels.update(counts)
        rows = _page_rows(session, statements, query, page, values)
    return ProductPage(
        items=[ListedProduct(*row) for row in rows],
        total=total,
        page=page,
        pages=pages,
        query=query.with_changes(page=page),
        category=category,
        inside=inside,
    )


def _indexed_page(query: ProductQuery, page: int) -> bool:
    """The index reads a page in order of relevance, as deep as indexed_search.MAX_DEPTH."""
    return query.order == Sort.RELEVANCE and page * query.page_size <= indexed_search.MAX_DEPTH
