"""Rankings of products by a number: a range's set and the lowest and highest number a mask meets,
checked against a plain scan (ties, bucket edges, empty masks, positions that are no product)."""

from __future__ import annotations

import random

from store_app.catalog.facet_index.bitsets import Bits, Ranked, packed


def test_a_set_keeps_its_offset_and_counts_what_a_mask_holds() -> None:
    found = Bits.of([1000, 1003, 1017])
    assert found.offset == 1000 and found.bits.bit_length() <= 18  # short, whatever its place
    assert found.whole() == packed([1000, 1003, 1017])
    assert found.count(packed([3, 1003, 1017, 5000])) == 2


def test_ranked_ranges_and_spans_match_a_plain_scan() -> None:
    rng = random.Random(3)
    for size in (1, 15, 16, 17, 200, 1000):
        positions = rng.sample(range(40, 40 + 3 * size), size)
        numbers = [float(rng.randint(0, size // 4)) for _ in positions]  # many ties
        ranked = Ranked.of(list(zip(numbers, positions, strict=True)))
        by_position = dict(zip(positions, numbers, strict=True))
        for _ in range(60):
            low, high = sorted(rng.uniform(-1, size // 4 + 1) for _ in range(2))
            low_or_none, high_or_none = rng.choice([low, None]), rng.choice([high, None])
            inside = {
                p
                for p, n in by_position.items()
                if (low_or_none is None or n >= low_or_none) and (high_or_none is None or n <= high_or_none)
            }
            assert ranked.between(low_or_none, high_or_none) == packed(sorted(inside))
            chosen = rng.sample(positions + list(range(3 * size)), rng.randint(0, min(8, 4 * size)))
            met = [by_position[p] for p in chosen if p in by_position]
            assert ranked.span(packed(chosen)) == ((min(met), max(met)) if met else None)
