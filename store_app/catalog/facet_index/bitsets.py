"""Sets of products as bitsets (plain Python ints) for the facet index: a packed set, and products
ranked by a number with the sets of every bucket's prefix, so a range is two prefixes and two short
slices, and the lowest or highest number a mask meets is a binary search and one bucket's scan.

Positions are dense (0..N-1). A set keeps the offset of its first byte: a set of products that lie
close together (one section's) is then a short int, whatever its place among all products.
"""

from __future__ import annotations

import dataclasses
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

BUCKETS = 256  # at most, per ranking
MIN_BUCKET = 16  # products per bucket at least: a small ranking needs no 256 prefixes
# What a ranking's prefixes may hold: each is a set as wide as its products' span (the whole catalog
# once some of them are in a second category elsewhere), so fewer, longer buckets when it is wide.
NUMBER_PREFIX_BYTES = 256 * 1024


def packed(positions: Sequence[int], offset: int = 0) -> int:
    """The set of `positions` (each at least `offset`) as an int whose bit 0 is `offset`: bits set
    in a bytearray, one int made of it (an int per bit would copy the whole set each time)."""
    if not positions:
        return 0
    found = bytearray((max(positions) - offset) // 8 + 1)
    for position in positions:
        relative = position - offset
        found[relative >> 3] |= 1 << (relative & 7)
    return int.from_bytes(found, "little")


@dataclasses.dataclass(frozen=True, slots=True)
class Bits:
    """A set of positions: `bits` shifted up by `offset`."""

    offset: int
    bits: int

    @classmethod
    def of(cls, positions: Sequence[int]) -> Bits:
        offset = min(positions, default=0) & ~7
        return cls(offset, packed(positions, offset))

    def whole(self) -> int:
        """The set as an int from position 0, to AND with a mask."""
        return self.bits << self.offset

    def count(self, mask: int) -> int:
        """How many of the set are in `mask`."""
        return ((mask >> self.offset) & self.bits).bit_count()


@dataclasses.dataclass(frozen=True, slots=True)
class Ranked:
    """Products in the order of a number: `numbers[i]` belongs to the product at `positions[i]`
    (each product once); `prefixes[k]` is the set of the first k buckets of `step` entries, as ints
    from `offset`."""

    numbers: Sequence[float] | Sequence[int]
    positions: array
    step: int
    offset: int
    prefixes: list[int]

    @classmethod
    def of(cls, entries: list[tuple[float, int]], typecode: str = "d", budget: int = NUMBER_PREFIX_BYTES) -> Ranked:
        """From (number, position) pairs; `typecode` is the array type of the numbers ("q": ints),
        `budget` the bytes its prefixes may take (at least 4 buckets)."""
        entries.sort()
        numbers, positions = array(typecode, (n for n, _ in entries)), array("i", (p for _, p in entries))
        offset = min(positions, default=0) & ~7
        span = (max(positions, default=0) - offset) // 8 + 1
        buckets = max(4, min(BUCKETS, budget // span))
        step = max(MIN_BUCKET, -(-len(entries) // buckets))
        prefixes, reached = [0], 0
        for start in range(0, len(positions), step):
            reached |= packed(positions[start : start + step], offset)
            prefixes.append(reached)
        return cls(numbers, positions, step, offset, prefixes)

    def _first(self, count: int) -> int:
        """The set of the first `count` entries (from `offset`)."""
        bucket = count // self.step
        return self.prefixes[bucket] | packed(self.positions[bucket * self.step : count], self.offset)

    def between(self, low: float | None, high: float | None) -> int:
        """The products whose number is within low..high (None: open), as an int from position 0."""
        start = 0 if low is None else bisect_left(self.numbers, low)
        end = len(self.numbers) if high is None else bisect_right(self.numbers, high)
        if start >= end:
            return 0
        return (self._first(end) ^ self._first(start)) << self.offset

    def span(self, mask: int) -> tuple[float, float] | None:
        """The lowest and highest number of the products in `mask` (None: none is)."""
        window = mask >> self.offset
        last = len(self.prefixes) - 1
        if not self.prefixes[last] & window:
            return None
        # The first prefix meeting the window ends in the bucket of the lowest; the last bucket whose
        # suffix meets it holds the highest.
        low, high = 1, last
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if self.prefixes[middle] & window else (middle + 1, high)
        first_bucket = low - 1
        low, high = 0, last - 1
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if (self.prefixes[last] ^ self.prefixes[middle]) & window else (low, middle - 1)
        return self.numbers[self._hit(first_bucket, window, 1)], self.numbers[self._hit(low, window, -1)]

    def _hit(self, bucket: int, window: int, direction: int) -> int:
        """The index of the first entry of `bucket` (from its start, or from its end) in `window`."""
        start, end = bucket * self.step, min((bucket + 1) * self.step, len(self.positions))
        hit = (self.prefixes[bucket + 1] ^ self.prefixes[bucket]) & window
        hits = hit.to_bytes((self.prefixes[-1].bit_length() + 7) // 8, "little")
        for index in range(start, end) if direction > 0 else range(end - 1, start - 1, -1):
            relative = self.positions[index] - self.offset
            if hits[relative >> 3] >> (relative & 7) & 1:
                return index
        raise AssertionError("the bucket met the window")
