"""Moments for people: in the shop's time zone (TIME_ZONE) and the reader's language, formatted by Babel.

Times are stored in UTC (naive values from the database count as UTC); nothing else in the shop writes
a date with `strftime`.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from babel import Locale
from babel.dates import format_date, format_time

from store_app.core import clock
from store_app.core.i18n import current_language
from store_app.core.settings import get_settings


@functools.cache
def shop_zone(name: str | None = None) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name or get_settings().time_zone)


def in_shop_zone(moment: dt.datetime) -> dt.datetime:
    """`moment` on the shop's clock."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(shop_zone(get_settings().time_zone))


def shop_today() -> dt.date:
    """Today on the shop's clock."""
    return in_shop_zone(clock.now()).date()


def shop_midnight(day: dt.date) -> dt.datetime:
    """The start of `day` on the shop's clock, in UTC as moments are stored (a day of 23 or 25 hours where the
    clocks change)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=shop_zone(get_settings().time_zone)).astimezone(dt.UTC)


def format_moment(moment: dt.datetime, lang: str | None = None, *, seconds: bool = False, zone: bool = False) -> str:
    """ "1 дек. 2026 г., 18:05" / "Dec 1, 2026, 6:05 PM", on the shop's clock; `zone` names the clock
    ("(Москва, стандартное время)"), for a reader who may be elsewhere (a mail)."""
    locale = Locale.parse(lang or current_language())
    local = in_shop_zone(moment)
    time = format_time(local, "medium" if seconds else "short", locale=locale)
    written = locale.datetime_formats["medium"].format(time, format_date(local, "medium", locale=locale))
    return f"{written} ({format_time(local, 'zzzz', locale=locale)})" if zone else written


def format_day(day: dt.date | dt.datetime, lang: str | None = None, *, short: bool = False) -> str:
    """A calendar day: "1 дек. 2026 г." / "Dec 1, 2026"; `short` gives "1 дек." / "Dec 1" (chart axes)."""
    locale = Locale.parse(lang or current_language())
    if isinstance(day, dt.datetime):
        day = in_shop_zone(day).date()
    if short:
        return format_date(day, "d MMM", locale=locale)
    return format_date(day, "medium", locale=locale)
