"""argon2id hashing: parameters, verification, and Unicode forms of one password."""

from __future__ import annotations

import unicodedata

from store_app.core.passwords import ARGON2_MEMORY_KIB, hash_password, needs_rehash, verify_password


def test_hash_is_argon2id_with_owasp_minimum_parameters() -> None:
    password_hash = hash_password("correct horse battery staple")
    assert password_hash.startswith("$argon2id$")
    assert f"m={ARGON2_MEMORY_KIB},t=2,p=1" in password_hash
    assert not needs_rehash(password_hash)


def test_right_password_verifies_and_wrong_one_does_not() -> None:
    password_hash = hash_password("correct horse battery staple")
    assert verify_password("correct horse battery staple", password_hash)
    assert not verify_password("correct horse battery stapler", password_hash)


def test_missing_or_mangled_hash_never_verifies() -> None:
    assert not verify_password("anything", None)
    assert not verify_password("anything", "$argon2id$garbage")


def test_composed_and_decomposed_forms_of_a_password_are_the_same_password() -> None:
    composed = unicodedata.normalize("NFC", "café-пароль-ёж")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert verify_password(decomposed, hash_password(composed))
