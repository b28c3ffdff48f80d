"""The office's working calendar as the pure `sla` module wants it: weekly hours, national
holidays and collective leave (from `holidays`), and the office's own overrides on top."""

from datetime import date, time
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

from konsultasi.errors import DomainError
from konsultasi.offices.models import CalendarOverride, Office, WorkingHours
from konsultasi.sla import CalendarError, Interval, OfficeCalendar

# Years around the dates asked about; the sla searches never look further than this.
YEARS_BEFORE, YEARS_AFTER = 2, 3


@lru_cache(maxsize=64)
def national_closed_dates(year: int) -> frozenset[date]:
    """National holidays (public) and collective leave (government, cuti bersama) of a year."""
    found = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(found.keys())


class OfficeCalendarInvalid(DomainError):
    """The office's hours cannot make a calendar; its admin must fix them first."""

    code = "office_calendar_invalid"


def office_calendar(office: Office, *, around: date) -> OfficeCalendar:
    """Build the calendar for the years around `around` (two queries).

    Hours that cannot be worked with (none at all, or overlapping intervals saved outside the
    admin's checks) are refused here with a message, rather than failing deep in the sla."""
    weekly: list[list[Interval]] = [[] for _ in range(7)]
    for hours in WorkingHours.objects.filter(office=office).order_by("weekday", "opens"):
        weekly[hours.weekday].append((hours.opens, hours.closes))

    years = range(around.year - YEARS_BEFORE, around.year + YEARS_AFTER + 1)
    closed: set[date] = set()
    for year in years:
        closed |= national_closed_dates(year)

    date_hours: dict[date, tuple[Interval, ...]] = {}
    overrides = CalendarOverride.objects.filter(
        office=office, date__year__gte=years.start, date__year__lt=years.stop
    )
    for override in overrides:
        if override.kind == CalendarOverride.Kind.CLOSED:
            date_hours[override.date] = ()
        elif override.opens and override.closes:
            date_hours[override.date] = ((override.opens, override.closes),)
        else:
            usual = weekly[override.date.weekday()] or _default_day(weekly)
            date_hours[override.date] = tuple(usual)

    if not any(weekly):
        raise OfficeCalendarInvalid(
            _("%(office)s has no working hours; its administrator must set them.")
            % {"office": office}
        )
    try:
        return OfficeCalendar(
            tz=office.zone,
            weekly_hours=tuple(tuple(day) for day in weekly),
            closed_dates=frozenset(closed),
            date_hours=date_hours,
        )
    except CalendarError as error:
        raise OfficeCalendarInvalid(
            _("The working hours of %(office)s are not valid (%(error)s).")
            % {"office": office, "error": error}
        ) from None


def _default_day(weekly: list[list[Interval]]) -> list[Interval]:
    """Hours for a re-opened day that normally has none (a Saturday made a working day):
    the office's Monday hours, else 08:00–16:00."""
    return weekly[0] or [(time(8), time(16))]
