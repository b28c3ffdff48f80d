"""The office's working calendar as the pure `sla` module wants it: weekly hours, national
holidays and collective leave (from `holidays`), and the office's own overrides on top."""

from datetime import date, time
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

from konsultasi.errors import DomainError
from konsultasi.offices.models import CalendarOverride, Office, WorkingHours
from konsultasi.sla import CalendarError, Interval, OfficeCalendar

# Years of holidays before the dates in question, and at least after them; the sla refuses
# to search past the last one rather than count an unknown holiday as a working day.
YEARS_BEFORE, YEARS_AFTER = 2, 3

# The years the `holidays` library knows Indonesia's national holidays for (1946 to 2100);
# outside them it answers with no holidays at all, which would pass for ordinary days.
_INDONESIA = holidays.country_holidays("ID")
KNOWN_YEARS = range(_INDONESIA.start_year, _INDONESIA.end_year + 1)


@lru_cache(maxsize=256)
def national_closed_dates(year: int) -> frozenset[date]:
    """National holidays (public) and collective leave (government, cuti bersama) of a year."""
    found = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(found.keys())


class OfficeCalendarInvalid(DomainError):
    """The office's hours cannot make a calendar; its admin must fix them first."""

    code = "office_calendar_invalid"


class BeyondKnownHolidays(DomainError):
    """A date whose national holidays nobody can know yet (or any more)."""

    code = "beyond_known_holidays"


def office_calendar(office: Office, *, around: date, until: date | None = None) -> OfficeCalendar:
    """Build the calendar for the dates in question (two queries): the holidays of two years
    before `around` up to three years after it, or one year past `until` if that is later.

    `around` must lie in a year whose national holidays are known; `until` may lie beyond,
    and the sla then refuses only the searches that actually run past the known years.
    Hours that cannot be worked with (none at all, or overlapping intervals saved outside the
    admin's checks) are refused here with a message, rather than failing deep in the sla."""
    if around.year not in KNOWN_YEARS:
        raise BeyondKnownHolidays(
            _(
                "The office calendar knows the national holidays of %(first)d to %(last)d only; "
                "%(date)s is outside those years."
            )
            % {"first": KNOWN_YEARS[0], "last": KNOWN_YEARS[-1], "date": around.isoformat()}
        )
    last_year = around.year + YEARS_AFTER
    if until is not None:
        last_year = max(last_year, until.year + 1)
    years = range(
        max(around.year - YEARS_BEFORE, KNOWN_YEARS[0]), min(last_year, KNOWN_YEARS[-1]) + 1
    )

    weekly: list[list[Interval]] = [[] for _ in range(7)]
    for hours in WorkingHours.objects.filter(office=office).order_by("weekday", "opens"):
        weekly[hours.weekday].append((hours.opens, hours.closes))

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
            covers_until=date(years[-1], 12, 31),
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
