"""Office-time arithmetic for service-level deadlines.

Pure standard library on purpose: every deadline in the project is computed here, so it must
be testable without Django and must never read the clock (callers pass every instant in).
"""

from konsultasi.sla.office_calendar import (
    BeyondCalendar,
    CalendarError,
    Interval,
    OfficeCalendar,
    close_of_working_day,
    hours_on,
    is_working_day,
    working_day_on_or_after,
)
from konsultasi.sla.office_time import (
    add_office_time,
    is_open_at,
    next_opening,
    office_time_before,
    office_time_between,
    paused_office_time,
)

__all__ = [
    "BeyondCalendar",
    "CalendarError",
    "Interval",
    "OfficeCalendar",
    "add_office_time",
    "close_of_working_day",
    "hours_on",
    "is_open_at",
    "is_working_day",
    "next_opening",
    "office_time_before",
    "office_time_between",
    "paused_office_time",
    "working_day_on_or_after",
]
