"""One rule for names: what registration accepts, the cabinet can save, and the other way round."""

from __future__ import annotations

import pytest

from store_app.accounts.profile.service import ProfileInput, clean_profile
from store_app.accounts.registration.service import RegistrationData, check_registration
from store_app.accounts.rules.person_names import NAME_MAX, clean_person_name
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t


@pytest.mark.parametrize("name", ["Анна", "Анна-Мария", "O'Brien", "Жан Поль", "Łukasz"])
def test_names_of_any_script_with_joined_words_are_accepted(name: str) -> None:
    assert clean_person_name(name, required=True) == (name, [])


def test_white_space_is_folded() -> None:
    assert clean_person_name("  Анна   Мария ", required=True) == ("Анна Мария", [])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("R2-D2", t("profile.error.name_letters")),
        ("Анна--Мария", t("profile.error.name_letters")),
        ("а" * (NAME_MAX + 1), t("profile.error.name_too_long", max=NAME_MAX)),
        ("", t("profile.error.required")),
    ],
)
def test_bad_names_are_refused_with_a_reason(name: str, message: str) -> None:
    assert clean_person_name(name, required=True)[1] == [message]


def test_an_optional_name_may_be_empty() -> None:
    assert clean_person_name("   ", required=False) == ("", [])


def test_registration_refuses_the_names_the_profile_refuses(session) -> None:  # type: ignore[no-untyped-def]
    data = RegistrationData(
        first_name="R2-D2",
        last_name="Иванова",
        patronymic="",
        login="anna",
        email="anna@example.com",
        password="a long enough passphrase",
        password_repeat="a long enough passphrase",
        accept_rules=True,
    )
    with pytest.raises(ValidationFailed) as refused:
        check_registration(session=session, data=data)
    with pytest.raises(ValidationFailed) as profile_refused:
        clean_profile(ProfileInput(first_name="R2-D2", last_name="Иванова"))
    assert refused.value.errors["first_name"] == [t("profile.error.name_letters")]
    assert profile_refused.value.errors["first_name"] == refused.value.errors["first_name"]
