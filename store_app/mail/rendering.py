"""Render a mail template (subject, plain text, HTML) in the reader's language with Jinja2."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale

from store_app.core.dates import format_moment
from store_app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, current_language, t
from store_app.core.settings import get_settings

TEMPLATES_DIR = Path(__file__).parent / "templates"
_RUSSIAN = Locale("ru")


SHOP_KEYS = {
    "name": N_("shop.name"),
    "tagline": N_("shop.tagline"),
    "phone": N_("shop.phone"),
    "email": N_("shop.email"),
    "address": N_("shop.address"),
    "hours": N_("shop.hours"),
}


@dataclasses.dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def russian_plural(count: int, one: str, few: str, many: str) -> str:
    """The word form that goes with `count` in Russian by CLDR's rule: 1 час, 2 часа, 5 часов, 21 час."""
    category = _RUSSIAN.plural_form(count)
    return {"one": one, "few": few}.get(category, many)


@functools.cache
def _environment(*, html: bool) -> jinja2.Environment:
    # StrictUndefined: a missing context value fails at queue time instead of mailing a blank.
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=html,  # noqa: S701 - the text environment renders plain text and subjects, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["plural"] = russian_plural
    return environment


def resolve_language(language: str | None) -> str:
    """The language to write in: the one asked for (the recipient's), else the one being served."""
    for candidate in (language, current_language()):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def _shop(language: str) -> dict[str, str]:
    """What the layout shows about the shop: name, contacts and the address of the site."""
    return {name: t(key, language) for name, key in SHOP_KEYS.items()} | {"url": get_settings().public_origin}


def _shown(value: Any, language: str) -> Any:
    if isinstance(value, dt.datetime):
        return format_moment(value, language, zone=True)
    return value


def render_mail(*, template: str, context: dict[str, Any], language: str) -> RenderedMail:
    """Render `<language>/<template>.subject.txt`, `.txt` and `.html`; raises if one is missing."""
    shown = {key: _shown(value, language) for key, value in context.items()}
    values = {**shown, "lang": language, "shop": _shop(language)}
    path = f"{language}/{template}"
    raw_subject = _environment(html=False).get_template(f"{path}.subject.txt").render(values)
    # A header holds one line: collapse whatever whitespace a name brought in.
    subject = " ".join(raw_subject.split())
    text = _environment(html=False).get_template(f"{path}.txt").render(values)
    html = _environment(html=True).get_template(f"{path}.html").render({**values, "subject": subject})
    return RenderedMail(subject=subject, text=text, html=html)
