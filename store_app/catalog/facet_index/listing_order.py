"""Products of a facet index set in a listing's order (the newest first, by price), so a listing
without search words reads its page's ids here instead of walking an index range with OFFSET.

An order is the active products' positions sorted by (key, product id), as the listing's SQL sorts
them; a descending sort (the newest first, the dearest first) is the same order read backwards, since
its ties go by product id descending too. A page of a set is read either by walking the order and
testing each product's bit (a set of most products) or by ranking the set's own members (a few).
"""

from __future__ import annotations

import dataclasses
import heapq
from array import array
from collections.abc import Iterable
from typing import Any


@dataclasses.dataclass(frozen=True)
class ListingOrder:
    positions: array  # by rank: the position of the product there
    ranks: array  # by position: its rank

    @classmethod
    def of(cls, keyed: Iterable[tuple[Any, int, int]]) -> ListingOrder:
        """From (key, product id, position) of every active product."""
        ordered = sorted(keyed, key=lambda entry: (entry[0], entry[1]))
        positions = array("i", (position for _key, _id, position in ordered))
        ranks = array("i", [0]) * len(positions)
        for rank, position in enumerate(positions):
            ranks[position] = rank
        return cls(positions, ranks)

    def page(self, products: int | None, skip: int, wanted: int, *, descending: bool) -> list[int]:
        """The positions of the members of `products` (a set from position 0; None: every product) in
        this order (or backwards), `wanted` of them after the first `skip`."""
        size = len(self.positions)
        if products is None:
            if not descending:
                return list(self.positions[skip : skip + wanted])
            end = max(size - skip, 0)
            return list(reversed(self.positions[max(end - wanted, 0) : end]))
        members = products.bit_count()
        if not members or skip >= members:
            return []
        if self._walks(members, skip, wanted):
            return self._walked(products, skip, wanted, descending)
        return self._ranked(products, skip, wanted, descending)

    def cost(self, products: int | None, skip: int, wanted: int) -> int:
        """About how many entries `page` reads for these arguments."""
        if products is None:
            return wanted
        members = products.bit_count()
        if not members or skip >= members:
            return 1
        return (skip + wanted) * len(self.positions) // members if self._walks(members, skip, wanted) else members

    def _walks(self, members: int, skip: int, wanted: int) -> bool:
        # Walking the order meets `skip + wanted` members after about that share of all products.
        return (skip + wanted) * len(self.positions) // members <= 4 * members

    def _walked(self, products: int, skip: int, wanted: int, descending: bool) -> list[int]:
        data = products.to_bytes((products.bit_length() + 7) // 8, "little")
        limit = len(data) << 3
        found: list[int] = []
        for position in reversed(self.positions) if descending else self.positions:
            if position < limit and data[position >> 3] >> (position & 7) & 1:
                found.append(position)
                if len(found) == skip + wanted:
                    break
        return found[skip:]

    def _ranked(self, products: int, skip: int, wanted: int, descending: bool) -> list[int]:
        bits = bin(products)[:1:-1]  # bit 0 first
        members, at = [], bits.find("1")
        while at >= 0:
            members.append(at)
            at = bits.find("1", at + 1)
        first = heapq.nlargest if descending else heapq.nsmallest
        return first(skip + wanted, members, key=self.ranks.__getitem__)[skip:]
