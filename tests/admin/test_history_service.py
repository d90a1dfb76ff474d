"""The history filters and CSV export staff use (SPEC E1)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlmodel import Session

from store_app.admin.history_service import HistoryFilter, event_kinds, events_csv, find_events
from store_app.audit.service import record_event
from store_app.core import clock
from store_app.core.dates import in_shop_zone


def _log(session: Session) -> dt.date:
    first_day = in_shop_zone(clock.now()).date()
    record_event(session=session, kind="logged in", actor_label="anna", ip="198.51.100.1")
    clock.advance(dt.timedelta(days=2))
    record_event(session=session, kind="product.changed", actor_label="Admin", details={"fields": ["price"]})
    record_event(session=session, kind="logged in", actor_label="boris", target="=HYPERLINK(1)")
    session.commit()
    return first_day


def test_events_filter_by_kind_actor_and_inclusive_dates(session: Session) -> None:
    first_day = _log(session)

    def labels(where: HistoryFilter) -> list[str]:
        return [e.actor_label for e in find_events(session=session, where=where).rows]

    assert labels(HistoryFilter(kind="logged in")) == ["boris", "anna"]
    assert labels(HistoryFilter(actor="ADM")) == ["Admin"]
    assert labels(HistoryFilter(date_from=first_day, date_to=first_day)) == ["anna"]
    assert labels(HistoryFilter(date_from=first_day + dt.timedelta(days=1))) == ["boris", "Admin"]
    assert event_kinds(session=session) == ["logged in", "product.changed"]


def test_csv_export_has_the_filtered_rows_and_defuses_formulas(session: Session) -> None:
    _log(session)
    rows = list(csv.reader(io.StringIO(events_csv(session=session, where=HistoryFilter(kind="logged in")))))
    assert rows[0][:3] == ["id", "created_at", "kind"]
    assert [row[4] for row in rows[1:]] == ["boris", "anna"]
    assert rows[1][5] == "'=HYPERLINK(1)"


def test_the_export_and_the_date_filter_keep_the_shops_clock(session: Session) -> None:
    # 22:30 UTC is 01:30 the next day in Moscow (TIME_ZONE's default): the page shows that day, so the
    # export writes that moment and a filter for that day finds the event.
    today = clock.now()
    late_evening = dt.datetime.combine(today.date() + dt.timedelta(days=1), dt.time(22, 30), tzinfo=dt.UTC)
    clock.advance(late_evening - today)
    record_event(session=session, kind="logged in", actor_label="night-owl", ip="198.51.100.2")
    session.commit()
    moscow_day = late_evening.date() + dt.timedelta(days=1)

    [header, row] = list(csv.reader(io.StringIO(events_csv(session=session, where=HistoryFilter()))))
    assert row[header.index("created_at")] == f"{moscow_day:%Y-%m-%d} 01:30:00+03:00"

    def labels(day: dt.date) -> list[str]:
        return [
            e.actor_label for e in find_events(session=session, where=HistoryFilter(date_from=day, date_to=day)).rows
        ]

    assert labels(moscow_day) == ["night-owl"]
    assert labels(late_evening.date()) == []
