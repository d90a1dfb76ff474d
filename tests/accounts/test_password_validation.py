"""Each password rule of SPEC A1, and that every broken rule is reported at once."""

from __future__ import annotations

import pytest

from store_app.accounts.rules.passwords import PASSWORD_MAX_LENGTH, common_passwords, validate_password
from store_app.core.i18n import t
from store_app.core.settings import get_settings

GOOD = "velvet-otter-42-lamp"


def test_a_long_uncommon_unrelated_password_passes() -> None:
    assert validate_password(GOOD, login="anna", email="anna@example.com") == []


def test_a_password_shorter_than_the_minimum_is_refused() -> None:
    assert validate_password("x7#kq2!", login="anna") == [t("password.too_short", min=8)]
    assert validate_password("x7#kq2!m", login="anna") == []


def test_the_minimum_length_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PASSWORD_MIN_LENGTH", "12")
    get_settings.cache_clear()
    assert validate_password("x7#kq2!mzp4") == [t("password.too_short", min=12)]
    assert validate_password("x7#kq2!mzp4w") == []


def test_length_counts_unicode_characters_not_bytes() -> None:
    # 8 Cyrillic letters are 16 bytes in UTF-8, yet exactly the minimum of 8 characters.
    assert validate_password("жёлтыйкт") == []
    assert validate_password("жёлтыйк") == [t("password.too_short", min=8)]


def test_a_letter_typed_as_base_plus_accent_counts_once() -> None:
    decomposed = "e\u0301" * 7  # looks like 7 letters, is 14 code points
    assert validate_password(decomposed) == [t("password.too_short", min=8)]


def test_a_password_of_the_maximum_length_passes_and_one_more_is_refused_not_cut() -> None:
    at_limit = ("Zq8-vN3xK1pW7rT5" * 8)[:PASSWORD_MAX_LENGTH]
    assert len(at_limit) == 128
    assert validate_password(at_limit) == []
    assert validate_password(at_limit + "y") == [t("password.too_long", max=128)]


def test_the_maximum_counts_characters_so_128_cyrillic_letters_pass() -> None:
    assert validate_password(("щука-ёж-" * 16)[:128]) == []
    assert validate_password(("щука-ёж-" * 17)[:129]) == [t("password.too_long", max=128)]


def test_the_shipped_common_password_list_has_at_least_10000_entries_and_loads_once() -> None:
    assert len(common_passwords()) >= 10_000
    assert common_passwords() is common_passwords()


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "Iloveyou1", "  11111111  "])
def test_a_common_password_is_refused_in_any_case(password: str) -> None:
    assert t("password.too_common") in validate_password(password)


def test_a_password_equal_to_the_login_is_refused() -> None:
    assert validate_password("ivan.petrov", login="ivan.petrov") == [t("password.like_login")]


def test_a_password_similar_to_the_login_is_refused() -> None:
    assert validate_password("IvanPetrov1984", login="ivan_petrov") == [t("password.like_login")]


def test_a_password_equal_or_similar_to_the_email_is_refused() -> None:
    assert validate_password("anna.smirnova@mail.ru", email="anna.smirnova@mail.ru") == [t("password.like_email")]
    assert validate_password("annasmirnova1", email="anna.smirnova@mail.ru") == [t("password.like_email")]


def test_a_long_password_that_merely_contains_a_short_login_passes() -> None:
    assert validate_password("mountain-river-bob-sunrise", login="bob") == []


def test_there_are_no_composition_rules() -> None:
    # No digits, no capitals, no symbols: fine when long and uncommon.
    assert validate_password("purplehorsebatterystaple") == []


def test_every_broken_rule_is_reported_at_once() -> None:
    messages = validate_password("qzx1", login="qzx1")
    assert t("password.too_short", min=8) in messages
    assert t("password.like_login") in messages
    assert len(messages) == 2
