"""Downloaded files carry the day they were made, on the shop's clock (TIME_ZONE), as the pages and the
history's date filter count days."""

from __future__ import annotations

import datetime as dt

from store_app.core import clock
from store_app.core.file_names import dated_file_name


def test_a_file_name_carries_the_shops_day() -> None:
    # 22:30 UTC is 01:30 of the next day in Moscow (TIME_ZONE's default).
    now = clock.now()
    late_evening = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(22, 30), tzinfo=dt.UTC)
    clock.advance(late_evening - now)
    moscow_day = late_evening.date() + dt.timedelta(days=1)
    assert dated_file_name("products") == f"products-{moscow_day:%Y-%m-%d}.csv"
    clock.advance(dt.timedelta(days=1))
    assert dated_file_name("history") == f"history-{moscow_day + dt.timedelta(days=1):%Y-%m-%d}.csv"
