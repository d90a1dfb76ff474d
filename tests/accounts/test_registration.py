"""Every registration rule of SPEC A1, checked by the service, with all errors reported at once."""

from __future__ import annotations

import time

import pytest
from sqlmodel import Session, select

from store_app.accounts.models import ActivationToken, Profile, User
from store_app.accounts.registration import service as registration_service
from store_app.accounts.registration.service import RegistrationData, register_user
from store_app.audit.models import HistoryEvent
from store_app.cart.models import Cart
from store_app.core.errors import ValidationFailed
from store_app.core.i18n import t
from store_app.core.passwords import verify_password
from store_app.mail.models import MailMessage
from tests.utils.factories import GOOD_PASSWORD, registration


def _errors(session: Session, data: RegistrationData) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as failure:
        register_user(session=session, data=data, ip="203.0.113.7")
    session.rollback()
    return failure.value.errors


def test_a_valid_form_creates_user_profile_cart_link_history_and_mail(session: Session) -> None:
    data = registration(login="Anna.Smirnova", email="Anna.Smirnova@Example.COM")
    user = register_user(session=session, data=data, ip="203.0.113.7").user
    session.commit()

    assert user.login == "Anna.Smirnova"
    assert user.email == "Anna.Smirnova@example.com"
    assert user.email_confirmed_at is None
    assert verify_password(GOOD_PASSWORD, user.password_hash)
    assert user.password_hash.startswith("$argon2id$")
    profile = session.get(Profile, user.id)
    assert profile is not None
    assert (profile.first_name, profile.last_name, profile.patronymic) == ("Анна", "Смирнова", "Петровна")
    assert session.exec(select(Cart).where(Cart.user_id == user.id)).one()
    assert session.exec(select(ActivationToken).where(ActivationToken.user_id == user.id)).one()
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "registered")).one()
    assert (event.actor_id, event.actor_label, event.ip) == (user.id, "Anna.Smirnova", "203.0.113.7")
    mail = session.exec(select(MailMessage)).one()
    assert (mail.recipient, mail.template) == ("Anna.Smirnova@example.com", "activation")


def test_an_empty_form_reports_every_required_field_at_once(session: Session) -> None:
    empty = RegistrationData(
        first_name="", last_name="", login="", email="", password="", password_repeat="", accept_rules=False
    )
    required = [t("register.error.required")]
    assert _errors(session, empty) == {
        "first_name": required,
        "last_name": required,
        "login": required,
        "email": required,
        "password": required,
        "password_repeat": required,
        "accept_rules": [t("register.error.rules")],
    }
    assert session.exec(select(User)).all() == []


def test_the_patronymic_is_optional(session: Session) -> None:
    user = register_user(session=session, data=registration(patronymic=""), ip="").user
    assert session.get(Profile, user.id).patronymic == ""  # type: ignore[union-attr]


def test_names_are_trimmed_and_blank_names_count_as_missing(session: Session) -> None:
    assert _errors(session, registration(first_name="   ", last_name="\t")) == {
        "first_name": [t("register.error.required")],
        "last_name": [t("register.error.required")],
    }
    user = register_user(session=session, data=registration(first_name="  Анна "), ip="").user
    assert session.get(Profile, user.id).first_name == "Анна"  # type: ignore[union-attr]


def test_names_longer_than_100_characters_are_refused(session: Session) -> None:
    errors = _errors(session, registration(last_name="Я" * 101, patronymic="Ё" * 101))
    too_long = [t("register.error.too_long", max=100)]
    assert errors == {"last_name": too_long, "patronymic": too_long}


@pytest.mark.parametrize("login", ["abc", "a" * 32, "Ivan.Petrov_2-x", "Z9_"])
def test_logins_of_3_to_32_allowed_characters_starting_with_a_letter_pass(session: Session, login: str) -> None:
    assert register_user(session=session, data=registration(login=login), ip="").user.login == login  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "login", ["ab", "a" * 33, "1abc", "_abc", ".abc", "ivan petrov", "иван", "ivan@home", "ivan+1"]
)
def test_logins_breaking_the_format_are_refused(session: Session, login: str) -> None:
    assert _errors(session, registration(login=login)) == {"login": [t("register.error.login_format")]}


def test_a_login_is_unique_regardless_of_case(session: Session) -> None:
    register_user(session=session, data=registration(login="IvanPetrov"), ip="")
    session.commit()
    assert _errors(session, registration(login="ivanpetrov")) == {"login": [t("register.error.login_taken")]}


@pytest.mark.parametrize("email", ["anna", "anna@", "@example.com", "anna@example", "an na@example.com", "a@b@c.com"])
def test_an_invalid_email_is_refused(session: Session, email: str) -> None:
    assert _errors(session, registration(email=email)) == {"email": [t("register.error.email_invalid")]}


def test_an_email_is_trimmed_and_its_domain_lower_cased(session: Session) -> None:
    user = register_user(session=session, data=registration(email="  Anna.S@MAIL.Example.ORG "), ip="").user
    assert user.email == "Anna.S@mail.example.org"


def test_an_email_with_a_cyrillic_domain_is_stored_as_ascii(session: Session) -> None:
    user = register_user(session=session, data=registration(email="anna@почта.рф"), ip="").user
    assert user.email == "anna@xn--80a1acny.xn--p1ai"


def test_a_taken_email_is_answered_as_a_new_one_and_its_owner_is_mailed(session: Session) -> None:
    owner = register_user(session=session, data=registration(email="anna.s@example.com"), ip="").user
    session.commit()

    again = register_user(session=session, data=registration(email="ANNA.S@example.com"), ip="203.0.113.8")
    session.commit()

    assert (again.user, again.email) == (None, "ANNA.S@example.com")
    assert len(session.exec(select(User)).all()) == 1
    mails = session.exec(select(MailMessage).order_by(MailMessage.id)).all()
    assert [(m.recipient, m.template) for m in mails] == [
        ("anna.s@example.com", "activation"),
        ("anna.s@example.com", "registration_attempt"),
    ]
    assert "/login" in mails[1].text_body and "/activate/" not in mails[1].text_body
    event = session.exec(select(HistoryEvent).where(HistoryEvent.kind == "registration with a taken email")).one()
    assert (event.actor_id, event.ip) == (owner.id, "203.0.113.8")  # type: ignore[union-attr]


def test_the_answer_for_a_taken_email_takes_as_long_as_for_a_new_one(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        register_user(session=session, data=registration(email=f"taken{n}@example.com"), ip="198.51.100.1")
    session.commit()
    hashed: list[str] = []
    real_hash = registration_service.hash_password
    monkeypatch.setattr(
        registration_service, "hash_password", lambda password: hashed.append(password) or real_hash(password)
    )

    def timed(email: str) -> float:
        started = time.perf_counter()
        register_user(session=session, data=registration(email=email), ip="198.51.100.2")
        session.commit()
        return time.perf_counter() - started

    new = sorted(timed(f"new{n}@example.com") for n in range(3))
    taken = sorted(timed(f"taken{n}@example.com") for n in range(3))
    # Both hash the password once, the bulk of the work; the rest is a few rows and one mail either way.
    assert len(hashed) == 6
    assert taken[0] < 2 * new[1] and new[0] < 2 * taken[1], (new, taken)


def test_the_two_passwords_must_be_equal(session: Session) -> None:
    errors = _errors(session, registration(password_repeat=GOOD_PASSWORD + "x"))
    assert errors == {"password_repeat": [t("register.error.passwords_differ")]}


def test_password_rules_apply_with_every_message(session: Session) -> None:
    errors = _errors(session, registration(login="qzx1", password="qzx1", password_repeat="qzx1"))
    assert errors == {"password": [t("password.too_short", min=8), t("password.like_login")]}


def test_a_password_like_the_email_is_refused(session: Session) -> None:
    data = registration(email="olga.ivanova@example.com", password="OlgaIvanova!", password_repeat="OlgaIvanova!")
    assert _errors(session, data) == {"password": [t("password.like_email")]}


def test_a_128_character_password_is_stored_whole_not_truncated(session: Session) -> None:
    password = ("Zq8-vN3xK1pW7rT5" * 8)[:128]
    user = register_user(session=session, data=registration(password=password, password_repeat=password), ip="").user
    assert verify_password(password, user.password_hash)
    assert not verify_password(password[:-1] + "!", user.password_hash)
    assert not verify_password(password[:72], user.password_hash)


def test_a_129_character_password_is_refused(session: Session) -> None:
    password = ("Zq8-vN3xK1pW7rT5" * 9)[:129]
    errors = _errors(session, registration(password=password, password_repeat=password))
    assert errors == {"password": [t("password.too_long", max=128)]}


def test_the_rules_box_must_be_ticked(session: Session) -> None:
    assert _errors(session, registration(accept_rules=False)) == {"accept_rules": [t("register.error.rules")]}


def test_every_broken_rule_is_reported_together(session: Session) -> None:
    register_user(session=session, data=registration(login="taken", email="taken@example.com"), ip="")
    session.commit()
    data = registration(
        first_name="",
        login="TAKEN",
        email="Taken@Example.com",
        password="123",
        password_repeat="321",
        accept_rules=False,
    )
    assert set(_errors(session, data)) == {  # the taken email is not told: its owner gets a mail instead
        "first_name",
        "login",
        "password",
        "password_repeat",
        "accept_rules",
    }


def test_the_password_never_appears_in_the_repr_of_the_form_data() -> None:
    assert GOOD_PASSWORD not in repr(registration())
