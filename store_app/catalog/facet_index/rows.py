"""Reading the catalog's rows into the facet index: in chunks, and product ids as positions."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from sqlmodel import Session

READ_AT_ONCE = 20_000  # rows fetched per round trip while building


def streamed(session: Session, statement: Any, chunk: int = READ_AT_ONCE) -> Iterator[Any]:
    """The rows of a Core statement, fetched `chunk` rows at a time (streamed on PostgreSQL)."""
    # Options of this statement only: the connection's own would stream every later statement too.
    result = session.connection().execute(statement, execution_options={"yield_per": chunk})
    return chain.from_iterable(result.partitions())


def positions(place: array, product_ids: Iterable[int]) -> list[int]:
    """The positions of the products of `product_ids` that have one (active when the index was built)."""
    known = len(place)
    return [position for i in product_ids if i < known and (position := place[i]) >= 0]
