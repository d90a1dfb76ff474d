"""Which visible lines of a page are interface texts of the other language: Russian left in an English page,
or English in a Russian one (shop data, as entered, is no interface text)."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from store_app.core.i18n import LANGUAGES, catalogue, placeholders


def _interface_texts(lang: str) -> list[re.Pattern[str]]:
    """Whole-line patterns of `lang`'s texts that differ from the other language (placeholders match anything)."""
    other = catalogue(next(code for code in LANGUAGES if code != lang)).messages
    patterns = []
    for key, entry in catalogue(lang).messages.items():
        forms = entry if isinstance(entry, tuple) else (entry,)
        theirs = other[key] if isinstance(other[key], tuple) else (other[key],)
        for form in forms:
            if form in theirs or len(form) < 3 or not re.search(r"[^\W\d_]{2}", form):
                continue  # the same in both (phone, address), or no words
            parts = re.split(r"\{\w+\}", form)
            regex = ".+".join(re.escape(part) for part in parts)
            patterns.append(re.compile(regex if placeholders(form) else re.escape(form)))
    return patterns


TEXTS = {lang: _interface_texts(lang) for lang in LANGUAGES}


def other_language_lines(page: Page, shown: str) -> list[str]:
    """Visible lines of the page that are a text of the other language's catalogue."""
    other = next(code for code in LANGUAGES if code != shown)
    lines = {line.strip() for line in page.locator("body").inner_text().splitlines() if line.strip()}
    return sorted(line for line in lines if any(pattern.fullmatch(line) for pattern in TEXTS[other]))
