"""The gettext catalogues (issue 12): every key the code uses exists in both languages with the same
placeholders and CLDR plural forms; keys kept in tables (enum -> key) all expand; no key is built at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from store_app.accounts.email_change.pages import OUTCOME_KEYS as EMAIL_CHANGE_KEYS
from store_app.accounts.email_change.service import ChangeOutcome
from store_app.accounts.registration.activation_service import ActivationOutcome
from store_app.accounts.registration.pages import OUTCOME_KEYS
from store_app.admin.attributes_form import KIND_KEYS as ATTRIBUTE_KIND_KEYS
from store_app.admin.mail_page import STATUS_KEYS as MAIL_STATUS_KEYS
from store_app.audit.kinds import KIND_KEYS, EventKind
from store_app.catalog.attribute_models import AttributeKind
from store_app.catalog.query import Sort
from store_app.catalog.state import SORT_KEYS
from store_app.core.i18n import LANGUAGES, catalogue, catalogue_path, placeholders, t
from store_app.core.settings import PROJECT_ROOT
from store_app.mail.models import MailStatus
from store_app.orders.models import OrderStatus
from store_app.orders.status import STATUS_KEYS as ORDER_STATUS_KEYS

SOURCES = sorted((PROJECT_ROOT / "store_app").rglob("*.py"))
MARKERS = {"t", "N_"}


def _calls() -> list[tuple[Path, ast.Call]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
                found.append((path, node))
    return found


CALLS = _calls()


def _forms(lang: str, key: str) -> tuple[str, ...]:
    entry = catalogue(lang).messages[key]
    return entry if isinstance(entry, tuple) else (entry,)


def test_both_languages_have_the_same_keys() -> None:
    ru, en = (set(catalogue(lang).messages) for lang in LANGUAGES)
    assert ru - en == set(), "missing in English"
    assert en - ru == set(), "missing in Russian"
    assert len(ru) > 500


@pytest.mark.parametrize("key", sorted(catalogue("ru").messages))
def test_same_placeholders_and_plural_forms(key: str) -> None:
    shapes = {}
    for lang in LANGUAGES:
        forms = _forms(lang, key)
        assert all(form.strip() for form in forms), f"{lang}: empty text for {key}"
        if isinstance(catalogue(lang).messages[key], tuple):
            # CLDR's number of forms for the language: ru one/few/many, en one/other.
            assert len(forms) == {"ru": 3, "en": 2}[lang], f"{lang}: {key} needs CLDR's forms"
        shapes[lang] = (isinstance(catalogue(lang).messages[key], tuple), [placeholders(form) for form in forms])
    (ru_plural, ru_sets), (en_plural, en_sets) = shapes["ru"], shapes["en"]
    assert ru_plural == en_plural, f"{key} is plural in one language only"
    assert all(found == ru_sets[0] for found in ru_sets + en_sets), f"{key}: placeholders differ {ru_sets} {en_sets}"


def test_the_po_files_declare_cldr_plural_rules() -> None:
    for lang in LANGUAGES:
        with catalogue_path(lang).open("rb") as po:
            parsed = read_po(po)
        assert parsed.num_plurals == {"ru": 3, "en": 2}[lang]
        assert parsed.locale == Locale(lang)


def test_no_key_is_built_at_run_time() -> None:
    """`t(f"orders.status.{x}")` escapes every check: tables of literal keys (N_) instead."""
    built = [
        f"{path.relative_to(PROJECT_ROOT)}:{call.lineno}"
        for path, call in CALLS
        if call.args and isinstance(call.args[0], ast.JoinedStr | ast.BinOp)
    ]
    assert built == []


def test_every_literal_key_exists_with_its_placeholders() -> None:
    problems = []
    for path, call in CALLS:
        if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
            continue
        key = call.args[0].value
        where = f"{path.relative_to(PROJECT_ROOT)}:{call.lineno} {key}"
        if key not in catalogue("ru").messages:
            problems.append(f"{where}: no such key")
            continue
        names = {keyword.arg for keyword in call.keywords}
        if call.func.id != "t" or None in names:  # N_ marks a key only; **params cannot be checked here
            continue
        wanted = set().union(*(placeholders(form) for form in _forms("ru", key)))
        if isinstance(catalogue("ru").messages[key], tuple):
            wanted.add("count")
        if not wanted <= names - {"lang"}:
            problems.append(f"{where}: needs {sorted(wanted)}, given {sorted(names)}")
    assert problems == []


@pytest.mark.parametrize(
    ("enum", "table"),
    [
        (EventKind, KIND_KEYS),
        (OrderStatus, ORDER_STATUS_KEYS),
        (Sort, SORT_KEYS),
        (MailStatus, MAIL_STATUS_KEYS),
        (ActivationOutcome, OUTCOME_KEYS),
        (AttributeKind, ATTRIBUTE_KIND_KEYS),
        (ChangeOutcome, EMAIL_CHANGE_KEYS),
    ],
)
def test_enum_tables_expand_to_texts(enum: type, table: dict) -> None:
    assert set(table) == set(enum), f"{enum.__name__}: no text for {set(enum) - set(table)}"
    for member, keys in table.items():
        for key in keys if isinstance(keys, tuple) else (keys,):
            texts = {lang: t(key, lang, hours=72) for lang in LANGUAGES}
            assert texts["ru"] and texts["en"], (member, key)
            assert texts["ru"] != texts["en"] or key.startswith("shop."), (member, key)


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("ru", 1, "Найден 1 товар"),
        ("ru", 2, "Найдено 2 товара"),
        ("ru", 5, "Найдено 5 товаров"),
        ("ru", 11, "Найдено 11 товаров"),
        ("ru", 21, "Найден 21 товар"),
        ("ru", 24, "Найдено 24 товара"),
        ("en", 1, "1 product found"),
        ("en", 2, "2 products found"),
        ("en", 0, "0 products found"),
    ],
)
def test_cldr_plurals(lang: str, count: int, expected: str) -> None:
    assert t("catalog.found", lang, count=count) == expected


def test_attempts_left_are_counted_in_words() -> None:
    assert t("reset.error.wrong_code", "ru", count=1) == "Неверный код. Осталась 1 попытка"
    assert t("reset.error.wrong_code", "ru", count=4) == "Неверный код. Осталось 4 попытки"
    assert t("reset.error.wrong_code", "en", count=1) == "Wrong code. 1 try left"
    assert t("reset.error.wrong_code", "en", count=2) == "Wrong code. 2 tries left"


def test_pybabel_extract_finds_only_keys_of_the_catalogues(tmp_path: Path) -> None:
    """The repository's extraction config works with the ordinary tool, and finds no unknown key."""
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(pot), "store_app"], cwd=PROJECT_ROOT, check=True
    )
    with pot.open("rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    assert len(extracted) > 400
    assert extracted - set(catalogue("ru").messages) == set()
