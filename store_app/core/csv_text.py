"""CSV as staff download it, written one way for every export (products, history).

A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula, so
every cell that does gets a leading apostrophe (CSV injection). A byte-order mark first lets Excel
read Cyrillic as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(value: object) -> str:
    """A cell's text that no spreadsheet runs as a formula (None is an empty cell)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[Sequence[object]], *, bom: bool = False) -> str:
    """Rows (the header first, if any) as CSV text, every cell defused."""
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([defused(value) for value in row])
    return out.getvalue()
