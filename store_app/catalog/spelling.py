"""One typo per search word of 5+ letters, corrected from the words the catalog's names contain."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from sqlalchemy import literal_column, select, text
from sqlmodel import Session

from store_app.catalog.models import WordListing
from store_app.catalog.query import prefix_range, search_words
from store_app.catalog.word_forms import stem

MIN_TYPO_LENGTH = 5
MAX_CANDIDATES = 2_000  # distinct words read per first letter, at most

# A loose index scan: one index probe per distinct word in [low, high), so the vocabulary of a
# first letter is read without reading every product's row (neither SQLite nor PostgreSQL skips by itself).
_DISTINCT_WORDS = text(
    """
    WITH RECURSIVE w(word, n) AS (
        SELECT (SELECT min(word) FROM word_listing WHERE word >= :low AND word < :high), 1
        UNION ALL
        SELECT (SELECT min(word) FROM word_listing WHERE word > w.word AND word < :high), n + 1
        FROM w WHERE w.word IS NOT NULL AND n < :limit
    )
    SELECT word FROM w WHERE word IS NOT NULL
    """
)


def _one_edit(a: str, b: str) -> bool:
    """`a` and `b` differ by at most one letter changed, added, removed or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    a_rest, b_rest = a[start:], b[start:]
    return (
        a_rest[1:] == b_rest[1:]  # changed
        or a_rest[1:] == b_rest  # a has an extra letter
        or a_rest == b_rest[1:]  # b has an extra letter
        or (len(a_rest) > 1 and a_rest[0] == b_rest[1:2] and a_rest[1] == b_rest[0:1] and a_rest[2:] == b_rest[2:])
    )


class NameWords(Protocol):
    """The distinct words of the active products' names (word_listing's words)."""

    def starts_a_name_word(self, term: str) -> bool: ...

    def name_words(self, low: str, high: str, limit: int) -> list[str]:
        """The first `limit` of them in [low, high), in order."""
        ...


@dataclasses.dataclass(frozen=True)
class ListedNameWords:
    """The name words as word_listing holds them."""

    session: Session

    def starts_a_name_word(self, term: str) -> bool:
        column = WordListing.__table__.c.word  # type: ignore[attr-defined]
        found = select(literal_column("1")).where(*prefix_range(column, term)).limit(1)
        return self.session.execute(found).first() is not None

    def name_words(self, low: str, high: str, limit: int) -> list[str]:
        return list(self.session.scalars(_DISTINCT_WORDS, {"low": low, "high": high, "limit": limit}))


def _correction(vocabulary: NameWords, word: str) -> str | None:
    """The catalog word that `word` is one typo away from (as a word or the start of one), if any."""
    for first in dict.fromkeys(word[:2]):  # a typo in the first letter is usually an extra one
        near = [
            candidate
            for candidate in vocabulary.name_words(first, chr(ord(first) + 1), MAX_CANDIDATES)
            if any(_one_edit(word, candidate[: len(word) + delta]) for delta in (-1, 0, 1))
        ]
        if near:  # the closest in length is the likeliest word meant
            return min(near, key=lambda candidate: (abs(len(candidate) - len(word)), candidate))
    return None


def corrected_text(session: Session, text_asked: str, vocabulary: NameWords | None = None) -> str | None:
    """`text_asked` with each unknown word of 5+ letters replaced by its one-typo correction from
    `vocabulary` (a facet index's words; by default word_listing's); None when nothing could be corrected."""
    vocabulary = vocabulary or ListedNameWords(session)
    words = search_words(text_asked)
    changed = False
    for index, word in enumerate(words):
        if len(word) < MIN_TYPO_LENGTH or vocabulary.starts_a_name_word(stem(word)):
            continue
        correction = _correction(vocabulary, word)
        if correction is not None:
            words[index], changed = correction, True
    return " ".join(words) if changed else None
