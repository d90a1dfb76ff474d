"""A facet index set read in product id order: the ids of its members, sorted, sliced as a page asks."""

from __future__ import annotations

import random
from array import array

from store_app.catalog.facet_index.bitsets import packed
from store_app.catalog.facet_index.id_order import IdOrder


def test_the_members_of_a_set_come_in_id_order_from_any_skip() -> None:
    rng = random.Random(5)
    for _ in range(30):
        ids = rng.sample(range(1, 3_000), rng.choice([1, 7, 300, 2_000]))
        # Positions in runs of ascending ids, as categories lay them out.
        runs = sorted(rng.sample(range(1, len(ids)), min(len(ids) - 1, rng.choice([0, 3, 40]))))
        laid = [sorted(ids[a:b]) for a, b in zip([0, *runs], [*runs, len(ids)], strict=True)]
        by_position = [product_id for run in laid for product_id in run]
        place = array("i", [-1]) * (max(ids) + 1)
        for position, product_id in enumerate(by_position):
            place[product_id] = position
        order = IdOrder.of(place, len(by_position))
        chosen = [p for p in range(len(by_position)) if rng.random() < rng.choice([0.01, 0.5, 1.0])]
        expected = sorted(by_position[p] for p in chosen)
        for skip, wanted in [(0, 1), (0, 24), (3, 5), (len(expected) - 1, 10), (len(expected) + 2, 3)]:
            assert order.first(packed(chosen), max(0, skip), wanted) == expected[max(0, skip) : max(0, skip) + wanted]
    assert IdOrder.of(array("i", [-1, -1]), 0).first(0, 0, 24) == []
