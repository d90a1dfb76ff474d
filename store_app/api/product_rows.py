"""Products as `ProductOut`'s fields, and the product list's rows as JSON, each product's kept for the
catalog version it was read at.

A row's JSON depends on the product's columns and on its categories and specifications. All of them
change only through catalog writes, which move the catalog version on, but for the stock: orders take
and return it directly. So a product's JSON is kept for one catalog version as the text before and
after its stock, and a page answered by the facet index of that version joins them around the stock
read now: no statement for its extras and no JSON but for products not kept yet. The stock is kept
too, with the time it was read and this process's listing generation: a page whose every product was
read so within the answers' age limit is joined with no statement at all (`fresh_json`).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic_core import to_json
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store_app.api.money import money_text
from store_app.catalog.listed_extras import categories_and_values
from store_app.catalog.models import ListedProduct, Product

MAX_KEPT = 20_000  # products per database; beyond that the oldest half is dropped
_STOCK = b',"stock":'  # a key: inside a JSON string a quote is always escaped


@dataclasses.dataclass(frozen=True, slots=True)
class _Kept:
    version: int  # the catalog version it is valid for
    head: bytes  # its JSON up to the stock's value
    tail: bytes  # and after it
    stock: int  # as last read, with the catalog version, in one statement
    read_at: float  # time.monotonic() of that read
    generation: int  # listing_counts.generation() just before it

    def json(self, stock: int) -> bytes:
        return b"%b%d%b" % (self.head, stock, self.tail)


_lock = threading.Lock()
_kept: dict[Engine, dict[int, _Kept]] = {}  # by engine, by product id


def product_rows(session: Session, products: Sequence[Product | ListedProduct]) -> list[dict[str, Any]]:
    """Each product as `ProductOut`'s fields in its order, from values read in their declared types."""
    ids = [product.id for product in products if product.id is not None]
    links, values = categories_and_values(session, ids)
    return [
        {
            "id": product.id or 0,
            "name": product.name,
            "slug": product.slug,
            "description": product.description,
            "price": money_text(product.price) or "0.00",
            "discount_price": money_text(product.discount_price),
            "stock": product.stock,
            "image": product.image,
            "is_active": product.is_active,
            "category_ids": links.get(product.id or 0, []),
            "attributes": values.get(product.id or 0, {}),
            "created_at": product.created_at,
            "updated_at": product.updated_at,
        }
        for product in products
    ]


def list_body(count: int, previous: str | None, following: str | None, rows: Sequence[bytes]) -> bytes:
    """`ProductListOut`'s JSON from each row's own JSON: the same bytes as `to_json` of the whole."""
    head = to_json({"count": count, "next": following, "previous": previous})
    return b"".join((head[:-1], b',"results":[', b",".join(rows), b"]}"))


def kept_json(engine: Engine, version: int, stocks: Mapping[int, int], *, generation: int) -> dict[int, bytes]:
    """The JSON of each product of `stocks` (id -> stock, read with `version` just now, after
    `generation`) kept for `version`, with that stock; the stock and the time are kept with it."""
    kept = _kept.get(engine, {})
    found, now = {}, time.monotonic()
    for product_id, stock in stocks.items():
        row = kept.get(product_id)
        if row is not None and row.version == version:
            found[product_id] = row.json(stock)
            kept[product_id] = dataclasses.replace(row, stock=stock, read_at=now, generation=generation)
    return found


def all_kept(engine: Engine, version: int, product_ids: Sequence[int]) -> bool:
    """Whether the JSON of every one of these products is kept for `version`."""
    kept = _kept.get(engine, {})
    return all((row := kept.get(product_id)) is not None and row.version == version for product_id in product_ids)


def fresh_json(
    engine: Engine, version: int, product_ids: Sequence[int], *, generation: int, max_age: float
) -> tuple[list[bytes], float] | None:
    """The JSON of each of these products with its stock as read less than `max_age` ago, with
    `version`, with no stock change committed in this process since (`generation`), and the time of
    the oldest of those reads (what they show is as old as that); None unless every one of them is so."""
    kept, now, found = _kept.get(engine, {}), time.monotonic(), []
    oldest = now
    for product_id in product_ids:
        row = kept.get(product_id)
        if row is None or row.version != version or row.generation != generation or now - row.read_at >= max_age:
            return None
        found.append(row.json(row.stock))
        oldest = min(oldest, row.read_at)
    return found, oldest


def keep_json(
    engine: Engine, version: int, session: Session, products: Sequence[ListedProduct], *, generation: int
) -> dict[int, bytes]:
    """The JSON of each of `products` (their extras read now), kept for `version`; their stock was read
    with `version` after `generation`."""
    made = {row["id"]: to_json(row) for row in product_rows(session, products)}
    stocks, now = {product.id or 0: product.stock for product in products}, time.monotonic()
    with _lock:
        kept = _kept.setdefault(engine, {})
        if len(kept) + len(made) > MAX_KEPT:
            for stale in list(kept)[: MAX_KEPT // 2]:
                del kept[stale]
        for product_id, json in made.items():
            at = json.index(_STOCK) + len(_STOCK)
            head, tail = json[:at], json[json.index(b",", at) :]
            kept[product_id] = _Kept(version, head, tail, stocks[product_id], now, generation)
    return made


def rows_json(
    session: Session, products: Sequence[ListedProduct], version: int, *, generation: int
) -> dict[int, bytes]:
    """Each of `products` (read with `version` after `generation`) as JSON by id: the rows kept for
    `version` with the stock read now, the others made (their extras read) and kept."""
    engine = session.get_bind().engine
    found = kept_json(engine, version, {product.id or 0: product.stock for product in products}, generation=generation)
    missing = [product for product in products if (product.id or 0) not in found]
    if missing:
        found |= keep_json(engine, version, session, missing, generation=generation)
    return found


def listed_json(session: Session, products: Sequence[ListedProduct], catalog_version: int | None) -> list[bytes]:
    """Each product's row as JSON (`to_json` of `product_rows`); rows kept for `catalog_version` reused."""
    if catalog_version is None:
        return [to_json(row) for row in product_rows(session, products)]
    # No freshness recorded (an older generation than any): these stocks were not read with the version.
    found = rows_json(session, products, catalog_version, generation=-1)
    return [found[product.id or 0] for product in products]


def forget_kept() -> None:
    """Drop every kept row (tests, benchmarks)."""
    with _lock:
        _kept.clear()
