"""The rule for a person's names (first, last, patronymic), shared by registration and the profile."""

from __future__ import annotations

import re

from store_app.core.i18n import t
from store_app.core.text_rules import forbidden_characters

NAME_MAX = 100
# Letters of any script; words joined by one space, hyphen or apostrophe ("Анна-Мария", "O'Brien").
_NAME_RE = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*")


def clean_person_name(raw: str, *, required: bool) -> tuple[str, list[str]]:
    """The name with its white space folded, and what is wrong with it (empty when nothing is)."""
    # The shop's one text rule first: a control character is refused, not folded away as a space.
    found = forbidden_characters(raw)
    if found:
        return " ".join(raw.split()), [t("text.error.control_characters", chars=", ".join(found[:5]))]
    value = " ".join(raw.split())
    if not value:
        return "", [t("profile.error.required")] if required else []
    if len(value) > NAME_MAX:
        return value, [t("profile.error.name_too_long", max=NAME_MAX)]
    if not _NAME_RE.fullmatch(value):
        return value, [t("profile.error.name_letters")]
    return value, []


def full_name(first: str, last: str, patronymic: str = "", *, formal: bool = False) -> str:
    """A person's name as one text, empty parts left out: "First Last" (a delivery contact), or
    formal "Last First Patronymic" (the cabinet's account card)."""
    parts = (last, first, patronymic) if formal else (first, last)
    return " ".join(part.strip() for part in parts if part and part.strip())


def greeting_name(first_name: str, login: str) -> str:
    """What a mail greets and the navbar shows: the first name, else the login."""
    return first_name.strip() or login
