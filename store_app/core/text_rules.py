"""One rule for the text people type into the shop: no NUL, control or direction-override characters.

Product fields, category names and person names all pass through `forbidden_characters`. Tab, line
feed and carriage return are ordinary white space (folded in one-line fields, kept in descriptions);
every other control character (C0, DEL, C1), a lone surrogate, and the bidirectional overrides that
make text read differently from how it is stored are refused, never silently dropped.
"""

from __future__ import annotations

import unicodedata

WHITE_SPACE = frozenset("\t\n\r")
# Embeddings, overrides and isolates (LRE..RLO, LRI..PDI): the "Trojan Source" characters.
DIRECTION_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def forbidden_characters(text: str) -> list[str]:
    """The refused characters found in `text`, each once, as `U+XXXX` (empty when the text is clean)."""
    found: dict[str, None] = {}
    for char in text:
        if char in WHITE_SPACE:
            continue
        if unicodedata.category(char) in {"Cc", "Cs"} or char in DIRECTION_OVERRIDES:
            found[f"U+{ord(char):04X}"] = None
    return list(found)
