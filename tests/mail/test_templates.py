"""Templates render in Russian and English, escape what users typed, and keep subjects on one line."""

from __future__ import annotations

import datetime as dt

import pytest

from store_app.core.settings import get_settings
from store_app.mail.rendering import TEMPLATES_DIR, render_mail, resolve_language, russian_plural
from tests.mail.factories import CONTEXTS

EXPECTED_SUBJECTS = {
    ("ru", "activation"): "Подтвердите адрес почты в магазине «Вольт»",
    ("en", "activation"): "Confirm your email address at Volt",
    ("ru", "password_reset_code"): "Код для восстановления пароля в магазине «Вольт»",
    ("en", "password_reset_code"): "Your password reset code for Volt",
    ("ru", "password_changed"): "Пароль в магазине «Вольт» изменён",
    ("en", "password_changed"): "Your Volt password was changed",
    ("ru", "registration_attempt"): "Попытка регистрации с вашим адресом в магазине «Вольт»",
    ("en", "registration_attempt"): "Someone tried to sign up at Volt with your address",
    ("ru", "email_change_confirm"): "Подтвердите новый адрес почты в магазине «Вольт»",
    ("en", "email_change_confirm"): "Confirm your new email address at Volt",
    ("ru", "order_confirmation"): "Заказ № V-10042 принят — «Вольт»",
    ("en", "order_confirmation"): "Order V-10042 received — Volt",
    ("ru", "order_status"): "Заказ № V-10042 передан в доставку — «Вольт»",
    ("en", "order_status"): "Order V-10042 shipped — Volt",
    ("ru", "back_in_stock"): "«Наушники <Pulse> Pro» снова в продаже — «Вольт»",
    ("en", "back_in_stock"): "Наушники <Pulse> Pro is back in stock — Volt",
}
# What each mail must carry, in both parts.
ESSENTIALS = {
    "activation": ["72"],
    "password_reset_code": ["493027", "10"],
    "password_changed": ["22.11.2026 18:30 UTC", "help@volt-shop.example"],
    "registration_attempt": ["http://localhost:3000/login"],
    "email_change_confirm": ["http://localhost:3000/email-change/abc123", "24"],
    "order_confirmation": ["V-10042", "Смартфон Nova 12", "39 990 ₽", "1 980 ₽", "41 970 ₽", "Тверская, д. 7"],
    "order_status": ["V-10042", "41 970 ₽", "Тверская, д. 7"],
    "back_in_stock": ["9 990,00 ₽", "http://localhost:3000/product/naushniki-pulse-pro"],
}
GREETING = {"ru": "Здравствуйте, Анна!", "en": "Hello Анна,"}
FOOTER = {"ru": "Москва, ул. Примерная, д. 1", "en": "1 Primernaya St, Moscow"}


@pytest.mark.parametrize(("language", "template"), sorted(EXPECTED_SUBJECTS))
def test_every_template_renders_subject_text_and_html(language: str, template: str) -> None:
    mail = render_mail(template=template, context=CONTEXTS[template], language=language)

    assert mail.subject == EXPECTED_SUBJECTS[language, template]
    for part in (mail.text, mail.html):
        assert GREETING[language] in part
        assert FOOTER[language] in part, "the layout's contacts are missing"
        assert "+7 (495) 000-00-00" in part
        for essential in ESSENTIALS[template]:
            assert essential in part
    assert mail.html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in mail.html
    assert "<style" not in mail.html, "mail clients drop style blocks: styles must be inline"


def test_every_template_exists_in_both_languages() -> None:
    def names(language: str) -> set[str]:
        return {path.name for path in (TEMPLATES_DIR / language).iterdir()}

    assert names("ru") == names("en")
    for template in CONTEXTS:
        for suffix in (".subject.txt", ".txt", ".html"):
            assert f"{template}{suffix}" in names("ru")


def test_html_escapes_what_users_typed_and_text_keeps_it_readable() -> None:
    context = {**CONTEXTS["order_confirmation"], "first_name": '<script>alert("x")</script>'}

    mail = render_mail(template="order_confirmation", context=context, language="ru")

    assert "<script>" not in mail.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in mail.html
    assert "Чехол &lt;прозрачный&gt;" in mail.html
    assert "Чехол <прозрачный>" in mail.text


def test_subject_stays_on_one_line_whatever_the_values_hold() -> None:
    context = {**CONTEXTS["order_confirmation"], "order_number": "V-1\r\nBcc: all@example.com"}

    mail = render_mail(template="order_confirmation", context=context, language="en")

    assert "\n" not in mail.subject and "\r" not in mail.subject


def test_greeting_without_a_first_name_reads_naturally() -> None:
    context = {**CONTEXTS["activation"], "first_name": ""}

    assert "Здравствуйте!" in render_mail(template="activation", context=context, language="ru").text
    assert "Hello," in render_mail(template="activation", context=context, language="en").text


def test_a_moment_is_written_the_way_each_language_writes_it_on_the_shops_clock() -> None:
    """21:05 UTC is five past midnight in Moscow (TIME_ZONE's default), a day later; CLDR's formats."""
    context = {**CONTEXTS["password_changed"], "changed_at": dt.datetime(2026, 11, 22, 21, 5, tzinfo=dt.UTC)}

    russian = render_mail(template="password_changed", context=context, language="ru").text
    english = render_mail(template="password_changed", context=context, language="en").text
    assert "23 нояб. 2026\u202fг., 00:05 (Москва, стандартное время)" in russian
    assert "Nov 23, 2026, 12:05\u202fAM (Moscow Standard Time)" in english


@pytest.mark.parametrize(
    ("count", "word"), [(1, "час"), (2, "часа"), (4, "часа"), (5, "часов"), (11, "часов"), (21, "час"), (72, "часа")]
)
def test_russian_hours_agree_with_their_number(count: int, word: str) -> None:
    assert russian_plural(count, "час", "часа", "часов") == word


def test_language_falls_back_to_the_setting_then_to_russian(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_language(None) == "ru"
    assert resolve_language("de") == "ru"
    monkeypatch.setenv("LANGUAGE", "en")
    get_settings.cache_clear()
    assert resolve_language(None) == "en"
    assert resolve_language("ru") == "ru"
