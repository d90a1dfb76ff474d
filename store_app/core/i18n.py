"""Look up user-facing text in the catalogue of the shop's language (SPEC H7)."""

from __future__ import annotations

from store_app.core.locales import en, ru
from store_app.core.settings import get_settings

CATALOGUES: dict[str, dict[str, str]] = {"ru": ru.MESSAGES, "en": en.MESSAGES}
DEFAULT_LANGUAGE = "ru"


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The text for `key` in `lang` (default: the LANGUAGE setting), with `{name}` filled in."""
    catalogue = CATALOGUES.get(lang or get_settings().language, CATALOGUES[DEFAULT_LANGUAGE])
    text = catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE][key]
    return text.format(**params) if params else text
