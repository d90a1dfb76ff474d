"""Names of downloaded files: a stem and the (UTC) date, so a folder of exports sorts by day."""

from __future__ import annotations

from store_app.core import clock


def dated_file_name(stem: str, extension: str = "csv") -> str:
    """`products-2026-12-01.csv` for today."""
    return f"{stem}-{clock.now():%Y-%m-%d}.{extension}"
