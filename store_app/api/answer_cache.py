"""Answers of the public product list kept for a moment, so a popular page is built once, not per request.

The list is the same for every caller (active products only, no per-user field), so its JSON body
depends on the query string and the catalog alone. A body is kept for ANSWER_MAX_AGE (from its oldest
read: one joined from rows read earlier is that much older) and dropped at
once when this process commits a catalog write or a stock change (`listing_counts.generation`); a
write in another worker process shows within that second.
Reads and writes happen on the event loop only, so the dict needs no lock.
"""

from __future__ import annotations

import time

from store_app.catalog import listing_counts

ANSWER_MAX_AGE = 1.0  # seconds
MAX_KEPT = 2_000  # query strings; beyond that the oldest half is dropped


class AnswerCache:
    def __init__(self, *, max_age: float = ANSWER_MAX_AGE, max_kept: int = MAX_KEPT) -> None:
        self.max_age, self.max_kept = max_age, max_kept
        self._kept: dict[object, tuple[bytes, float, int]] = {}

    def get(self, key: object) -> bytes | None:
        kept = self._kept.get(key)
        if kept is None:
            return None
        body, made_at, generation = kept
        if generation != listing_counts.generation() or time.monotonic() - made_at >= self.max_age:
            del self._kept[key]
            return None
        return body

    def put(self, key: object, body: bytes, *, generation: int, made_at: float | None = None) -> None:
        """Keep `body`, built from the catalog as it was at `generation` (read before building it);
        `made_at`: the `time.monotonic()` of its oldest read when that is older than now (rows kept
        from earlier reads), so it goes when that read is ANSWER_MAX_AGE old."""
        if generation != listing_counts.generation():
            return  # a catalog write committed while it was built: it may be stale already
        if len(self._kept) >= self.max_kept:
            for stale in list(self._kept)[: self.max_kept // 2]:
                del self._kept[stale]
        self._kept[key] = (body, time.monotonic() if made_at is None else made_at, generation)

    def clear(self) -> None:
        self._kept.clear()
