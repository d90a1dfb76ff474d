"""The search words of the facet index: for each text a search word may start (each row of
word_part_listing: a word of a name, an ending inside one, a word of a description), the products that
have it, one set per weight. A search's products, its levels of relevance and their counts are then
bisects, ORs, ANDs and popcounts instead of reading thousands of rows.

Texts are sorted in code point order, as the listing compares them byte by byte (UTF-8), so the texts
a search word starts are one bisect range. A short prefix that starts many texts (a letter typed in
the search box) has its sets made once, at build time, instead of ORing them on every search.
The rules are the listing's (search_service): a product has a word when it has a text the word
starts, with the best weight of those texts; its relevance is the sum over the words.
"""

from __future__ import annotations

import dataclasses
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import groupby, islice
from operator import itemgetter

from sqlalchemy import String, cast, func, select
from sqlmodel import Session

from store_app.catalog.facet_index.bitsets import Bits
from store_app.catalog.facet_index.rows import positions, streamed
from store_app.catalog.models import WordPartListing
from store_app.catalog.query import DESCRIPTION_WORD, NAME_PART, NAME_WORD, prefix_upper_bound

WEIGHTS = (NAME_WORD, NAME_PART, DESCRIPTION_WORD)  # best first
PREFIX_LENGTH = 3  # prefixes up to this long have their sets made at build time...
MANY_TEXTS = 16  # ...when they start at least this many texts
# Rows fetched at once while building: a row holds a text's ids, up to one per product (600 KB at
# 100,000 products), so all of them at once cost 35 MB more at the build's peak.
TEXTS_AT_ONCE = 64

_parts = WordPartListing.__table__  # type: ignore[attr-defined]

ByWeight = tuple[int, ...]  # a set of products (an int from position 0) per weight, in WEIGHTS order


@dataclasses.dataclass(frozen=True)
class WordIndex:
    texts: list[str]  # sorted
    sets: tuple[list[Bits | None], ...]  # per weight (WEIGHTS order), by text: its products of that weight
    prefixes: dict[str, ByWeight]  # a short prefix of many texts: the union of their sets, per weight

    def having(self, term: str) -> ByWeight:
        """The products with a text `term` starts, per weight of that text (a product may be in several)."""
        found = self.prefixes.get(term)
        if found is not None:
            return found
        start = bisect_left(self.texts, term)
        end = bisect_left(self.texts, prefix_upper_bound(term), start)
        return tuple(_union(by_text[start:end]) for by_text in self.sets)

    def found(self, terms: Iterable[str], *, inside: bool) -> int:
        """The products that have every word: a text it starts (`inside`), or else a word of the name it
        starts (the name words are the texts of NAME_WORD, as word_listing holds them)."""
        products = -1  # every product
        for term in terms:
            having = self.having(term)
            products &= _union_of(having) if inside else having[0]
            if not products:
                break
        return products

    def starts_a_name_word(self, term: str) -> bool:
        """Some name word starts with `term` (spelling.NameWords: the texts of NAME_WORD)."""
        return bool(self.name_words(term, prefix_upper_bound(term), 1))

    def name_words(self, low: str, high: str, limit: int) -> list[str]:
        """The first `limit` name words in [low, high), in order (spelling.NameWords)."""
        start, end = bisect_left(self.texts, low), bisect_left(self.texts, high)
        names = self.sets[0]
        return list(islice((self.texts[n] for n in range(start, end) if names[n] is not None), limit))

    def levels(self, terms: Sequence[str], mask: int) -> dict[int, int]:
        """The products of `mask` that have every word, by relevance: the sum over the words of the best
        weight each finds (only levels that have products)."""
        levels = {0: mask}
        for term in terms:
            word, part, described = self.having(term)
            best = ((NAME_WORD, word), (NAME_PART, part & ~word), (DESCRIPTION_WORD, described & ~(word | part)))
            found: dict[int, int] = {}
            for score, products in levels.items():
                for weight, having in best:
                    if hit := products & having:
                        found[score + weight] = found.get(score + weight, 0) | hit
            levels = found
            if not levels:
                break
        return levels if terms else {}


def _union(sets: Iterable[Bits | None]) -> int:
    found = 0
    for products in sets:
        if products is not None:
            found |= products.whole()
    return found


def _union_of(sets: Iterable[int]) -> int:
    found = 0
    for products in sets:
        found |= products
    return found


def build_words(session: Session, place: array) -> WordIndex:
    """The word index of the catalog as `session` reads it, over the positions of `place`."""
    c = _parts.c
    # The ids of each (text, weight) joined in one string by the database: a row per id cost ten
    # times as much (15 s for the 2.9 million rows of 100,000 products on SQLite, 1.7 s so).
    ids = func.aggregate_strings(cast(c.product_id, String), ",")
    rows = select(c.word, c.weight, ids).group_by(c.word, c.weight).order_by(c.word, c.weight)
    texts: list[str] = []
    sets: tuple[list[Bits | None], ...] = tuple([] for _ in WEIGHTS)
    slot = {weight: n for n, weight in enumerate(WEIGHTS)}
    for text, of_text in groupby(streamed(session, rows, TEXTS_AT_ONCE), itemgetter(0)):
        texts.append(text)
        for by_text in sets:
            by_text.append(None)
        for _text, weight, joined in of_text:
            if weight in slot and (found := positions(place, map(int, joined.split(",")))):
                sets[slot[weight]][-1] = Bits.of(found)
    return WordIndex(texts, sets, _prefix_sets(texts, sets))


def _prefix_sets(texts: list[str], sets: tuple[list[Bits | None], ...]) -> dict[str, ByWeight]:
    """The union of the sets of every prefix of up to PREFIX_LENGTH letters that starts MANY_TEXTS or more."""
    prefixes: dict[str, ByWeight] = {}
    for length in range(1, PREFIX_LENGTH + 1):
        start = 0
        for prefix, group in groupby(text[:length] for text in texts):
            count = sum(1 for _ in group)
            if len(prefix) == length and count >= MANY_TEXTS:
                prefixes[prefix] = tuple(_union(by_text[start : start + count]) for by_text in sets)
            start += count
    return prefixes
