"""Products of a facet index set in product id order, as a search's page lists a level of relevance.

The index's positions are in category order (index.py): each category's products lie together, in id
order. So the positions are runs in which ids ascend, and the first members of a set by id are a merge
of the runs' first members (a heap of one entry per run), read as far as the page needs.
"""

from __future__ import annotations

import dataclasses
import heapq
from array import array


@dataclasses.dataclass(frozen=True)
class IdOrder:
    ids: array  # by position: the product id
    runs: list[tuple[int, int]]  # position ranges [start, end) in which the ids ascend

    @classmethod
    def of(cls, place: array, size: int) -> IdOrder:
        """From `place` (by product id: its position, or -1) of `size` positions."""
        ids = array("i", [0]) * size
        for product_id, position in enumerate(place):
            if position >= 0:
                ids[position] = product_id
        runs, start = [], 0
        for position in range(1, size):
            if ids[position] < ids[position - 1]:
                runs.append((start, position))
                start = position
        if size:
            runs.append((start, size))
        return cls(ids, runs)

    def first(self, products: int, skip: int, wanted: int) -> list[int]:
        """The ids of the members of `products` (a set from position 0) in id order, `wanted` of them
        after the first `skip`."""
        data = products.to_bytes((products.bit_length() + 7) // 8, "little")
        rest: list[int] = []  # per run: its members not yet taken, from the run's start
        heap: list[tuple[int, int]] = []  # (id, run) of each run's next member
        for start, end in self.runs:
            if start >> 3 >= len(data):
                break
            members = int.from_bytes(data[start >> 3 : (end + 7) >> 3], "little") >> (start & 7)
            members &= (1 << (end - start)) - 1
            if members:
                low = members & -members
                heap.append((self.ids[start + low.bit_length() - 1], len(rest)))
                rest.append(members ^ low)
            else:
                rest.append(0)
        starts = [start for start, _end in self.runs]
        heapq.heapify(heap)
        found: list[int] = []
        while heap and len(found) < skip + wanted:
            product_id, run = heap[0]
            found.append(product_id)
            members = rest[run]
            if members:
                low = members & -members
                rest[run] = members ^ low
                heapq.heapreplace(heap, (self.ids[starts[run] + low.bit_length() - 1], run))
            else:
                heapq.heappop(heap)
        return found[skip:]
