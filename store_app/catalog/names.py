"""The shop's own words in the reader's language (SPEC H7): a category's or a specification's name, its
unit, its heading and a choice's options are the English ones staff gave when the reader reads English,
else the Russian ones. Chosen where a page's rows are made from the rows read (a sidebar's links, a
facet, a specifications table), never per product: the columns come with the rows, no query of their own.
"""

from __future__ import annotations

from store_app.catalog.attribute_models import Attribute
from store_app.catalog.models import Category
from store_app.core.i18n import current_language


def in_reader_language(russian: str, english: str, lang: str | None = None) -> str:
    """`english` for a reader of English when staff gave one, else `russian`."""
    return english if english and (lang or current_language()) == "en" else russian


def category_name(category: Category, lang: str | None = None) -> str:
    return in_reader_language(category.name, category.name_en, lang)


def attribute_name(attribute: Attribute, lang: str | None = None) -> str:
    return in_reader_language(attribute.name, attribute.name_en, lang)


def attribute_unit(attribute: Attribute, lang: str | None = None) -> str:
    return in_reader_language(attribute.unit, attribute.unit_en, lang)


def attribute_group(attribute: Attribute, lang: str | None = None) -> str:
    return in_reader_language(attribute.group, attribute.group_en, lang)


def option_names(attribute: Attribute, lang: str | None = None) -> dict[str, str]:
    """A choice's stored options -> what the reader sees ({} when that is the option itself). The English
    names are a line per option in the same order (the attribute rules allow no other count)."""
    english = attribute.options_en
    if not english or (lang or current_language()) != "en":
        return {}
    return dict(zip(attribute.options, english, strict=False))
