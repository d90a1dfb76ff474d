"""Downloaded files carry the day they were made."""

from __future__ import annotations

import datetime as dt

from store_app.core import clock
from store_app.core.file_names import dated_file_name


def test_a_file_name_carries_todays_utc_date() -> None:
    today = clock.now().date()
    assert dated_file_name("products") == f"products-{today:%Y-%m-%d}.csv"
    clock.advance(dt.timedelta(days=1))
    try:
        assert dated_file_name("history") == f"history-{today + dt.timedelta(days=1):%Y-%m-%d}.csv"
    finally:
        clock.reset()
