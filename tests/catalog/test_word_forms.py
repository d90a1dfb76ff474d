"""Stems and keyboard-layout swaps used by search."""

from __future__ import annotations

from store_app.catalog.spelling import _one_edit
from store_app.catalog.word_forms import other_layout, stem


def test_stems_are_starts_of_the_word() -> None:
    assert [stem(w) for w in ("ноутбуки", "ноутбука", "смартфонов", "galaxy")] == [
        "ноутбук",
        "ноутбук",
        "смартфон",
        "galaxy",
    ]


def test_layout_swaps_both_ways_with_punctuation_keys() -> None:
    assert other_layout("yjen,er") == "ноутбук"
    assert other_layout("YJEN,ER") == "НОУТбУК"  # "," is "б" without shift
    assert other_layout("сфтщт 5") == "canon 5"


def test_one_edit() -> None:
    assert _one_edit("ноутбк", "ноутбу")
    assert _one_edit("ноубтук", "ноутбук")
    assert not _one_edit("нотбк", "ноутбук")
