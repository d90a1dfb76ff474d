"""User-facing text in the shopper's language (SPEC H7).

The texts are gettext catalogues, `store_app/locales/<lang>/LC_MESSAGES/messages.po`, read with Babel
when first needed (no build step: a fresh clone runs as it is); a key is the msgid. A counted text is a
plural entry whose forms follow CLDR (1 товар / 2 товара / 5 товаров) and are picked by `count=`.

Which language `t(key)` writes in, when no `lang=` is given: the language of the request or event being
served (`language(...)`, set by the HTTP and event middleware), else the LANGUAGE setting. While pages are
built for the browser, `ui/page_text.py` installs `page_text`: `t()` then returns a reference to the text
that the browser looks up in the language the shopper chose, so one bundle serves both languages.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import gettext
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.messages.pofile import read_po

from store_app.core.settings import get_settings

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
# The parameter that picks the form of a plural entry.
COUNT = "count"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("language", default=None)

# Installed by store_app/ui/page_text.py while pages are compiled: (key, params) -> text the browser resolves.
page_text: Callable[[str, dict[str, object]], str] | None = None


@dataclasses.dataclass(frozen=True)
class Catalogue:
    """One language's texts: a str per key, or the tuple of plural forms; `plural_expr` is gettext's C rule."""

    language: str
    messages: dict[str, str | tuple[str, ...]]
    plural_expr: str

    @functools.cached_property
    def plural_index(self) -> Callable[[int], int]:
        return gettext.c2py(self.plural_expr)

    def form(self, key: str, count: int) -> str:
        entry = self.messages[key]
        if isinstance(entry, str):
            return entry
        return entry[min(self.plural_index(abs(int(count))), len(entry) - 1)]


def catalogue_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


@functools.cache
def catalogue(lang: str) -> Catalogue:
    """The parsed catalogue of `lang` (one of LANGUAGES)."""
    with catalogue_path(lang).open("rb") as po:
        parsed = read_po(po, locale=lang)
    messages: dict[str, str | tuple[str, ...]] = {}
    for message in parsed:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple):
            messages[message.id[0]] = tuple(message.string)
        else:
            messages[message.id] = message.string
    return Catalogue(language=lang, messages=messages, plural_expr=parsed.plural_expr)


def supported(lang: str | None) -> str | None:
    """`lang` if the shop speaks it ("en-GB" counts as "en"), else None."""
    if not lang:
        return None
    base = lang.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


def default_language() -> str:
    return supported(get_settings().language) or DEFAULT_LANGUAGE


def from_accept_language(header: str | None) -> str | None:
    """The first language of an `Accept-Language` header the shop speaks (by q, then order), or None."""
    choices: list[tuple[float, int, str]] = []
    for order, part in enumerate((header or "").split(",")):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if (lang := supported(name)) and quality > 0:
            choices.append((-quality, order, lang))
    return min(choices)[2] if choices else None


def current_language() -> str:
    """The language of the request or event being served, else the LANGUAGE setting."""
    return _language.get() or default_language()


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Serve what runs inside in `lang` (an unknown one means the default)."""
    chosen = supported(lang) or default_language()
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)


def use_language(lang: str | None) -> str:
    """Serve the rest of the running task (one event) in `lang`; for middleware that cannot wrap the call."""
    chosen = supported(lang) or default_language()
    _language.set(chosen)
    return chosen


def N_(key: str) -> str:  # gettext's name for "a key, looked up later"
    """Mark a key kept in a table (enum -> key) so `pybabel extract` and the tests find it."""
    return key


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def text(key: str, lang: str, **params: object) -> str:
    """The text for `key` in `lang` (falling back to Russian), the plural form for `count`, `{name}` filled in."""
    chosen = catalogue(supported(lang) or DEFAULT_LANGUAGE)
    if key not in chosen.messages:
        chosen = catalogue(DEFAULT_LANGUAGE)
    count = params.get(COUNT)
    written = chosen.form(key, int(count) if isinstance(count, int | float) else 1)
    return written.format(**params) if params else written


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The text for `key` in `lang`, else in the language being served (see the module's docstring)."""
    if lang is None and page_text is not None and _language.get() is None:
        return page_text(key, params)
    return text(key, lang or current_language(), **params)


def var_text(key: str, **params: object) -> str:
    """`t()` for a computed var: the text itself, in the language being served. A var's first value is
    computed while the pages are compiled, where `t()` gives the browser's reference to a text (a Var's
    markup), which would then be the prerendered value: the catalog's tab title read `<reflex.Var>…`."""
    return text(key, current_language(), **params)
