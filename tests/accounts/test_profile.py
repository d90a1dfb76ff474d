"""Profile edits (SPEC A6): normalised values, every bad field reported at once, history with field names."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlmodel import Session

from store_app.accounts.models import Profile
from store_app.accounts.profile.service import ProfileInput, update_profile
from store_app.accounts.rules.phones import display_phone, normalise_phone
from store_app.audit.service import list_events
from store_app.core import clock
from store_app.core.dates import shop_today
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t
from store_app.core.settings import get_settings
from tests.utils.factories import make_shopper


def _years_ago(years: int, days: int = 0) -> str:
    today = shop_today()
    if (today.month, today.day) == (2, 29):
        today -= dt.timedelta(days=1)  # 29 February has no twin in most years
    return (today.replace(year=today.year - years) - dt.timedelta(days=days)).isoformat()


def test_profile_is_saved_normalised_and_history_names_the_changed_fields(session: Session) -> None:
    user = make_shopper(session)
    data = ProfileInput(
        first_name="  Анна-Мария ",
        last_name="O'Нил",
        patronymic="Петровна",
        phone="8 (916) 123-45-67",
        birth_date=_years_ago(30),
        address=" Москва,  ул. Тверская, д. 1 \r\n кв. 5 ",
    )
    changed = update_profile(session=session, user_id=user.id, data=data, ip="10.0.0.7")
    session.commit()

    profile = session.get(Profile, user.id)
    assert profile.first_name == "Анна-Мария"
    assert profile.phone == "+79161234567"
    assert profile.birth_date == dt.date.fromisoformat(_years_ago(30))
    assert profile.address == "Москва,  ул. Тверская, д. 1\nкв. 5"
    assert set(changed) == {"first_name", "last_name", "patronymic", "phone", "birth_date", "address"}
    [event] = list_events(session=session, kind="profile changed")
    assert event.actor_id == user.id and event.ip == "10.0.0.7"
    assert set(event.details["fields"]) == set(changed)
    assert "+79161234567" not in str(event.details)


def test_every_bad_field_is_reported_at_once_and_nothing_is_saved(session: Session) -> None:
    user = make_shopper(session)
    data = ProfileInput(
        first_name="",
        last_name="R2-D2",
        patronymic="x" * 101,
        phone="12345",
        birth_date=(shop_today() + dt.timedelta(days=1)).isoformat(),
        address="Москва\x00",
    )
    with pytest.raises(ValidationFailed) as caught:
        update_profile(session=session, user_id=user.id, data=data)
    assert caught.value.errors == {
        "first_name": [t("profile.error.required")],
        "last_name": [t("profile.error.name_letters")],
        "patronymic": [t("profile.error.name_too_long", max=100)],
        "phone": [t("profile.error.phone")],
        "birth_date": [t("profile.error.birth_date_future")],
        "address": [t("profile.error.address_characters")],
    }
    session.rollback()
    assert session.get(Profile, user.id).first_name == "Анна"
    assert list_events(session=session, kind="profile changed") == []


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("31.12.1990", t("profile.error.birth_date_format")),
        ("1990-02-30", t("profile.error.birth_date_format")),
        (_years_ago(13), t("profile.error.birth_date_young", years=14)),
        (_years_ago(121), t("profile.error.birth_date_old", years=120)),
    ],
)
def test_birth_date_must_be_a_real_past_date_of_a_sane_age(session: Session, birth_date: str, message: str) -> None:
    user = make_shopper(session)
    with pytest.raises(ValidationFailed) as caught:
        update_profile(session=session, user_id=user.id, data=ProfileInput("Анна", "Смирнова", birth_date=birth_date))
    assert caught.value.errors == {"birth_date": [message]}


def test_a_thirteen_year_old_may_fill_in_the_birth_date_once_fourteen(session: Session) -> None:
    user = make_shopper(session)
    birth = _years_ago(14, days=-1)  # fourteen tomorrow
    data = ProfileInput("Анна", "Смирнова", birth_date=birth)
    with pytest.raises(ValidationFailed):
        update_profile(session=session, user_id=user.id, data=data)
    clock.advance(dt.timedelta(days=1))
    assert update_profile(session=session, user_id=user.id, data=data) == ["birth_date"]


def test_the_birthday_comes_at_the_shops_midnight(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    # 00:30 in Vladivostok is 14:30 UTC of the day before: the shopper is fourteen there, not yet in UTC.
    monkeypatch.setenv("TIME_ZONE", "Asia/Vladivostok")
    get_settings.cache_clear()
    shop = zoneinfo.ZoneInfo("Asia/Vladivostok")
    today = clock.now().astimezone(shop).date() + dt.timedelta(days=1)
    if (today.month, today.day) == (2, 29):
        today += dt.timedelta(days=1)
    clock.advance(dt.datetime.combine(today, dt.time(0, 30), shop) - clock.now())
    user = make_shopper(session)
    data = ProfileInput("Анна", "Смирнова", birth_date=today.replace(year=today.year - 14).isoformat())
    assert update_profile(session=session, user_id=user.id, data=data) == ["birth_date"]


def test_saving_the_same_values_changes_nothing_and_writes_no_history(session: Session) -> None:
    user = make_shopper(session)
    data = ProfileInput("Анна", "Смирнова")
    assert update_profile(session=session, user_id=user.id, data=data) == []
    assert list_events(session=session, kind="profile changed") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("+7 916 123-45-67", "+79161234567"), ("89161234567", "+79161234567"), ("+44 20 7946 0958", "+442079460958")],
)
def test_phone_numbers_are_stored_in_e164(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "+7 916", "+7 000 000-00-00", "1" * 30])
def test_impossible_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        normalise_phone(raw)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+79161234567", "+7 916 123-45-67"),
        ("+74950000000", "+7 495 000-00-00"),
        ("+442079460958", "+44 20 7946 0958"),
        ("", ""),
        ("not a number", "not a number"),  # never hidden, never a crash
    ],
)
def test_phone_numbers_are_shown_the_way_people_write_them(stored: str, shown: str) -> None:
    assert display_phone(stored) == shown
    if stored.startswith("+"):
        assert normalise_phone(shown) == stored  # what a form shows saves back unchanged
