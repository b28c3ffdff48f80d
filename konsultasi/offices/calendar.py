"""The office's working calendar as the pure `sla` module wants it: weekly hours, national
holidays and collective leave (from `holidays`), and the office's own overrides on top.

Each process keeps the calendars it built, keyed by the office, its `calendar_stamp`, its time
zone and the years covered. Every change to an office's working hours or calendar overrides
replaces the stamp in the same transaction (`calendar_changed`, called from the models'
signals below and by the bulk writers that bypass them), so a request reading the stamp sees
either the old rows and the old stamp or the new rows and the new one: it never gets a
calendar older than the rows it could read. The stamp is read by one query each time, not
taken from the caller's office object, which may have been read before a change, unless the
request read that object itself, stamp included (`stamp_read_now`: an office's API key is read
with its office on every call)."""

import uuid
from datetime import date, time
from functools import lru_cache
from threading import Lock

import holidays
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from konsultasi.errors import DomainError
from konsultasi.kept_queries import kept_rows
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


_STAMP_READ_NOW = "_calendar_stamp_read_now"


def stamp_read_now(office: Office) -> None:
    """Say that `office` was read by this request's own query, its calendar stamp with it:
    `office_calendar` takes the stamp from it instead of reading it again."""
    office.__dict__[_STAMP_READ_NOW] = True


def _stamp_of(values):
    return Office.objects.filter(pk=values["office"]).order_by().values_list("calendar_stamp")


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
    if office.__dict__.get(_STAMP_READ_NOW):
        stamp = office.calendar_stamp
    else:
        found = kept_rows(("calendar stamp",), _stamp_of, {"office": office.pk})
        stamp = next(iter(found), (None,))[0]
    key = (office.pk, stamp, office.time_zone, years.start, years.stop)
    cached = _built.get(key)
    if cached is not None:
        return cached
    cal = _build(office, years)
    if stamp is not None:
        with _lock:
            if len(_built) >= MAX_CACHED:
                _built.clear()
            _built[key] = cal
    return cal


# Calendars built in this process (see the module's docstring); errors are never kept.
MAX_CACHED = 512
_built: dict[tuple, OfficeCalendar] = {}
_lock = Lock()


def calendar_changed(office_id: int) -> None:
    """Give the office a new calendar stamp: call it in the transaction of every change to
    its working hours or calendar overrides that the signals below do not see (bulk_create,
    QuerySet.update)."""
    Office.objects.filter(pk=office_id).update(calendar_stamp=uuid.uuid4())


def _hours_changed(sender, instance, **kwargs) -> None:
    calendar_changed(instance.office_id)


def connect_signals() -> None:
    """Every save or delete of working hours or an override, from the admin, a service or a
    QuerySet.delete(), replaces the office's stamp (called from the app's ready())."""
    for model in (WorkingHours, CalendarOverride):
        uid = f"calendar-stamp-{model.__name__}"
        post_save.connect(_hours_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_hours_changed, sender=model, dispatch_uid=f"{uid}-delete")


def _build(office: Office, years: range) -> OfficeCalendar:
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
