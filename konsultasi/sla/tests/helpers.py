"""Shared calendars and instants for the sla tests (no Django anywhere)."""

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from konsultasi.sla import OfficeCalendar

WIB = ZoneInfo("Asia/Jakarta")  # UTC+7, no daylight saving
WITA = ZoneInfo("Asia/Makassar")  # UTC+8
BERLIN = ZoneInfo("Europe/Berlin")  # has daylight saving, for the edge cases

INDEPENDENCE_DAY = date(2026, 8, 17)  # a Monday
# Idul Fitri 1447 H with collective leave: Wednesday 18 to Tuesday 24 March 2026.
IDUL_FITRI = frozenset(date(2026, 3, day) for day in range(18, 25))

STANDARD = OfficeCalendar.standard()
WITH_INDEPENDENCE_DAY = OfficeCalendar.standard(closed_dates=frozenset({INDEPENDENCE_DAY}))
WITH_IDUL_FITRI = OfficeCalendar.standard(closed_dates=IDUL_FITRI)

WORKDAY_WITH_LUNCH = ((time(8), time(12)), (time(13), time(16)))
WITH_LUNCH = OfficeCalendar(tz=WIB, weekly_hours=(WORKDAY_WITH_LUNCH,) * 5 + ((), ()))

# The Monday closed for a holiday but reopened in the morning, and a Saturday made a
# working day (as happens when collective leave is swapped for a weekend day).
REOPENED = OfficeCalendar(
    tz=WIB,
    weekly_hours=STANDARD.weekly_hours,
    closed_dates=frozenset({INDEPENDENCE_DAY}),
    date_hours={
        INDEPENDENCE_DAY: ((time(8), time(12)),),
        date(2026, 8, 20): (),  # Thursday closed by override alone
        date(2026, 8, 21): ((time(8), time(11)),),  # Friday short day
        date(2026, 8, 22): ((time(8), time(12)),),  # Saturday made a working day
    },
)

NEVER_OPEN = OfficeCalendar(tz=WIB, weekly_hours=((),) * 7)


def at(text: str, tz: tzinfo = WIB) -> datetime:
    """An ISO wall time such as '2026-08-14 15:55' in `tz`, Jakarta unless told otherwise."""
    return datetime.fromisoformat(text).replace(tzinfo=tz)
