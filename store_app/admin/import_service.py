"""Product CSV import (SPEC D3): read and check every row first (the preview), write only when confirmed.

Columns as the product export writes them: id (empty: a new product), name, slug, price,
discount_price, stock, is_active, category_ids (separated by ";" or spaces), image, description,
attributes (`code=value` lines; the codes named change, `code=` removes one, the others stay).
Each row is checked by the catalog's own rules; the confirmed rows are written in one transaction
through `catalog.service`, so listings and history stay right.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from store_app.catalog.attributes import attributes_cell, product_values
from store_app.catalog.models import Product
from store_app.catalog.product_rules import CleanProduct, ProductInput, validate_product
from store_app.catalog.service import Actor, create_product, product_categories, update_product
from store_app.core.csv_text import BOM
from store_app.core.errors import DomainError
from store_app.core.i18n import t

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
REQUIRED = ("name", "price")
Progress = Callable[[int], None]


class ImportRefused(DomainError):
    """The file as a whole cannot be read (not CSV, no header, too big)."""


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One field an update would change, both values as the admin reads them."""

    field: str
    old: str
    new: str


@dataclasses.dataclass(frozen=True)
class ImportRow:
    line: int
    product_id: int | None  # None: a new product
    data: ProductInput
    columns: frozenset[str]  # an update changes only the columns the file has
    name: str = ""
    changes: tuple[FieldChange, ...] = ()  # of an update; empty when the row changes nothing


@dataclasses.dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclasses.dataclass(frozen=True)
class ImportPreview:
    good: list[ImportRow]
    bad: list[BadRow]


def _yes(raw: str) -> bool:
    return raw.strip().lower() not in {"0", "false", "no", "нет", "n"}


def _attributes(cell: str | None) -> dict[str, str] | None:
    if cell is None:
        return None
    found: dict[str, str] = {}
    for line in cell.removeprefix("'").splitlines():
        code, _, value = line.partition("=")
        if code.strip():
            found[code.strip()] = value.strip()
    return found


def _row_input(values: dict[str, str]) -> ProductInput:
    ids = values.get("category_ids", "").replace(";", " ").replace(",", " ").split()
    return ProductInput(
        name=values.get("name", ""),
        price=values.get("price", ""),
        description=values.get("description", ""),
        slug=values.get("slug", ""),
        discount_price=values.get("discount_price", "") or None,
        stock=values.get("stock", "") or "0",
        image=values.get("image", ""),
        is_active=_yes(values.get("is_active", "") or "1"),
        category_ids=ids,  # type: ignore[arg-type]  # the rules turn them into ints or say why not
        attributes=_attributes(values.get("attributes")),
    )


def _reasons(exc: DomainError) -> str:
    return "; ".join(f"{field}: {message}" for field, messages in exc.errors.items() for message in messages)


def _reader(text: str) -> csv.DictReader[str]:
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise ImportRefused(t("admin.import.error.too_big", mb=MAX_IMPORT_BYTES // (1024 * 1024)))
    reader = csv.DictReader(io.StringIO(text.removeprefix(BOM)))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRefused(t("admin.import.error.columns", columns=", ".join(missing)))
    reader.fieldnames = header
    return reader


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return " ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _changes(
    session: Session, product: Product, clean: CleanProduct, columns: frozenset[str], given: dict[str, str] | None
) -> list[FieldChange]:
    """What an update would change, field by field, in the file's column order of the export."""
    current = {
        field.name: getattr(product, field.name)
        for field in dataclasses.fields(CleanProduct)
        if field.name not in {"category_ids", "values"}
    }
    current["category_ids"] = tuple(
        sorted(c.id or 0 for c in product_categories(session=session, product_id=product.id or 0))
    )
    wanted = dataclasses.asdict(clean) | {"category_ids": tuple(sorted(clean.category_ids))}
    if given is not None:  # specifications: the named ones change, "" removes one
        before = product_values(session, product.id or 0)
        merged = {code: value for code, value in {**before, **given}.items() if value}
        current["attributes"], wanted["attributes"] = attributes_cell(before), attributes_cell(merged)
    return [
        FieldChange(field=name, old=_shown(current[name]), new=_shown(wanted[name]))
        for name in current
        if name in columns and _shown(current[name]) != _shown(wanted[name])
    ]


def _check(session: Session, line: int, values: dict[str, str], slugs: set[str]) -> ImportRow:
    raw_id = values.get("id", "").strip()
    product_id = int(raw_id) if raw_id.isdigit() else None
    if raw_id and (product_id is None or session.get(Product, product_id) is None):
        raise DomainError(t("admin.import.error.unknown_id", id=raw_id), field="id")
    data = _row_input(values)
    if product_id is not None and "category_ids" not in values:
        # The product keeps its categories, so its specifications are checked against them.
        current = product_categories(session=session, product_id=product_id)
        data = dataclasses.replace(data, category_ids=[c.id for c in current if c.id is not None])
    clean = validate_product(session=session, data=data, product_id=product_id)
    if clean.slug in slugs:
        raise DomainError(t("admin.import.error.same_slug", slug=clean.slug), field="slug")
    slugs.add(clean.slug)
    data = dataclasses.replace(data, slug=clean.slug)
    # A new product gets the slug made from its name; an update without a slug column keeps its own
    # (before, the made-up slug replaced it, breaking every link to the product).
    columns = frozenset(values) | ({"slug"} if product_id is None else set())
    product = session.get(Product, product_id) if product_id is not None else None
    given = dict(data.attributes) if data.attributes is not None else None
    changes = tuple(_changes(session, product, clean, columns, given)) if product is not None else ()
    return ImportRow(line=line, product_id=product_id, data=data, columns=columns, name=clean.name, changes=changes)


def preview_import(*, session: Session, text: str, progress: Progress | None = None) -> ImportPreview:
    """Every row checked, nothing written: the rows that would be written and the bad ones with why."""
    good: list[ImportRow] = []
    bad: list[BadRow] = []
    slugs: set[str] = set()
    for number, values in enumerate(_reader(text), start=1):
        line = number + 1  # the header is line 1
        if number > MAX_IMPORT_ROWS:
            raise ImportRefused(t("admin.import.error.too_many", rows=MAX_IMPORT_ROWS))
        cleaned = {str(key): (value if isinstance(value, str) else "") for key, value in values.items() if key}
        try:
            good.append(_check(session, line, cleaned, slugs))
        except DomainError as exc:
            bad.append(BadRow(line=line, reason=_reasons(exc)))
        if progress:
            progress(number)
    return ImportPreview(good=good, bad=bad)


def apply_import(*, session: Session, rows: list[ImportRow], actor: Actor, progress: Progress | None = None) -> int:
    """Write the previewed rows in the caller's transaction; any failure (the data changed meanwhile)
    raises and the caller rolls back, so an import lands whole or not at all."""
    for done, row in enumerate(rows, start=1):
        if row.product_id is None:
            create_product(session=session, data=row.data, actor=actor)
        else:
            changes: dict[str, Any] = {k: v for k, v in dataclasses.asdict(row.data).items() if k in row.columns}
            update_product(session=session, product_id=row.product_id, changes=changes, actor=actor)
        if progress:
            progress(done)
    return len(rows)
