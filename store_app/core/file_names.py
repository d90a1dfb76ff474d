"""Names of downloaded files: a stem and the day on the shop's clock, so a folder of exports sorts by day."""

from __future__ import annotations

from store_app.core import clock
from store_app.core.dates import in_shop_zone


def dated_file_name(stem: str, extension: str = "csv") -> str:
    """`products-2026-12-01.csv` for today (the shop's today: TIME_ZONE, as the pages show days)."""
    return f"{stem}-{in_shop_zone(clock.now()).date().isoformat()}.{extension}"
