"""Russian word forms (Snowball stems) and keyboard-layout slips, as catalog search reads them."""

from __future__ import annotations

import functools

import snowballstemmer

_LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_CYRILLIC = "йцукенгшщзхъфывапролджэячсмитьбюё"
# Upper case only for keys that are letters on both sides: "," is "б" whatever the shift.
_PAIRS = list(zip(_LATIN, _CYRILLIC, strict=True))
_PAIRS += [(a.upper(), b.upper()) for a, b in _PAIRS if a.isalpha()]
_TO_CYRILLIC = str.maketrans({a: b for a, b in _PAIRS})
_TO_LATIN = str.maketrans({b: a for a, b in _PAIRS})
_russian = snowballstemmer.stemmer("russian")


@functools.lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """The Snowball stem of a normalized word ("ноутбуки" -> "ноутбук"); Latin words stay as they are.

    A Russian stem is the start of the word, so it also starts every form of that word in a name."""
    stemmed = _russian.stemWord(word)
    return stemmed if stemmed and word.startswith(stemmed) else word


def other_layout(text: str) -> str:
    """`text` as typed with the other keyboard layout ("yjen,er" -> "ноутбук", "сфтщт" -> "canon").

    Text mostly in Latin letters (and the punctuation on Cyrillic letter keys) is read as Cyrillic, else
    the other way; digits and spaces stay."""
    latin = sum(ch.lower() in _LATIN for ch in text)
    cyrillic = sum(ch.lower() in _CYRILLIC for ch in text)
    return text.translate(_TO_CYRILLIC if latin > cyrillic else _TO_LATIN)
