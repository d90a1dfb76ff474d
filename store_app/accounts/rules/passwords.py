"""Password rules of SPEC A1, in Django's style: each rule a tiny class, every message collected.

No composition rules (NIST SP 800-63B): length, a common-password list and similarity to the
user's own login or email are what actually stop guessable passwords.
"""

from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path
from typing import Protocol

from store_app.core.i18n import N_, t
from store_app.core.settings import get_settings

PASSWORD_MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("data") / "common-passwords.txt.gz"


class PasswordRule(Protocol):
    def check(self, password: str, *, login: str, email: str) -> str | None:
        """A message when `password` breaks the rule, else None."""


def character_count(password: str) -> int:
    """Length in Unicode characters: 'é' typed as e + accent counts once, as it looks."""
    return len(unicodedata.normalize("NFC", password))


class MinimumLength:
    def check(self, password: str, *, login: str, email: str) -> str | None:
        minimum = get_settings().password_min_length
        if character_count(password) < minimum:
            return t("password.too_short", min=minimum)
        return None


class MaximumLength:
    """Rejected, never cut: a long password is checked and hashed whole, or refused."""

    def check(self, password: str, *, login: str, email: str) -> str | None:
        if character_count(password) > PASSWORD_MAX_LENGTH:
            return t("password.too_long", max=PASSWORD_MAX_LENGTH)
        return None


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (lower case), read once on first use."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


class NotCommon:
    def check(self, password: str, *, login: str, email: str) -> str | None:
        if password.lower().strip() in common_passwords():
            return t("password.too_common")
        return None


def _similar(password: str, value: str, max_similarity: float) -> bool:
    # The same length guard as Django: a long password is not "similar" to a tiny fragment.
    if len(password) >= 10 * len(value) and len(value) < max_similarity / 2 * len(password):
        return False
    matcher = SequenceMatcher(a=password, b=value)
    return matcher.quick_ratio() >= max_similarity and matcher.ratio() >= max_similarity


class NotLikeLoginOrEmail:
    """Too close to the login, the email, or a part of them (like Django's attribute similarity)."""

    max_similarity = 0.7

    @staticmethod
    def _parts(value: str) -> list[str]:
        value = value.lower()
        local_part = value.split("@", 1)[0]
        parts = [*re.split(r"\W+", value), value, local_part, re.sub(r"\W+", "", local_part)]
        return [part for part in dict.fromkeys(parts) if part]

    def check(self, password: str, *, login: str, email: str) -> str | None:
        if character_count(password) > PASSWORD_MAX_LENGTH:
            return None  # already refused; spare the matcher an arbitrarily long input
        lowered = password.lower()
        for key, value in ((N_("password.like_login"), login), (N_("password.like_email"), email)):
            if value and any(_similar(lowered, part, self.max_similarity) for part in self._parts(value)):
                return t(key)
        return None


RULES: tuple[PasswordRule, ...] = (MinimumLength(), MaximumLength(), NotCommon(), NotLikeLoginOrEmail())


def validate_password(password: str, *, login: str = "", email: str = "") -> list[str]:
    """Every rule `password` breaks, as messages for the user; an empty list means it is fine."""
    messages = (rule.check(password, login=login, email=email) for rule in RULES)
    return [message for message in messages if message]
