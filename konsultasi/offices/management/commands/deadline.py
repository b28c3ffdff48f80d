"""Answer "when is it due?" for an office, so an admin can check the calendar.

python manage.py deadline pekanbaru 2026-08-14T10:00 --working-days 3
2026-08-20T16:00:00+07:00

Limits: at most 2,000 working days (or as many office minutes as 2,000 of the office's
shortest working days hold), from a start whose national holidays are known (1946 to 2100);
a deadline past the last known year is refused rather than computed without its holidays.
"""

import math
from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError

from konsultasi import sla
from konsultasi.errors import DomainError
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Office

MAX_WORKING_DAYS = 2_000
_MINUTE = timedelta(minutes=1)


class Command(BaseCommand):
    help = "Print when something started at a local time falls due in an office's calendar."

    def add_arguments(self, parser):
        parser.add_argument("office", help="the office's slug, e.g. pekanbaru")
        parser.add_argument("start", help="local office time, e.g. 2026-08-14T10:00")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--working-days",
            type=int,
            help="due at the close of the Nth working day after the start's day (at most 2,000)",
        )
        group.add_argument("--office-minutes", type=int, help="add N minutes of office time")

    def handle(self, *args, office: str, start: str, working_days, office_minutes, **options):
        try:
            office_ = Office.objects.get(slug=office)
        except Office.DoesNotExist:
            raise CommandError(f"No office with the slug {office!r}.") from None
        local_start = _local_start(start, office_)
        try:
            # The office's week, and a refusal for a start whose holidays are unknown.
            week = office_calendar(office_, around=local_start.date())
            if working_days is not None:
                due = _after_working_days(office_, week, local_start, working_days)
            else:
                due = _after_office_minutes(office_, week, local_start, office_minutes)
        except DomainError as error:
            raise CommandError(error.message) from None
        except sla.CalendarError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(due.astimezone(office_.zone).isoformat())


def _local_start(text: str, office: Office) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date and time: {text!r} (use 2026-08-14T10:00).") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=office.zone)
    try:
        return parsed.astimezone(office.zone)
    except OverflowError:
        raise CommandError(f"{text!r} cannot be used: it is outside the years 1 to 9999.") from None


def _after_working_days(
    office: Office, week: sla.OfficeCalendar, start: datetime, n: int
) -> datetime:
    if n < 0:
        raise CommandError("--working-days must be 0 or more.")
    if n > MAX_WORKING_DAYS:
        raise CommandError(f"--working-days: at most {MAX_WORKING_DAYS:,}.")
    cal = _calendar_for(office, week, start, n)
    return sla.close_of_working_day(cal, start.date(), n)


def _after_office_minutes(
    office: Office, week: sla.OfficeCalendar, start: datetime, minutes: int
) -> datetime:
    if minutes < 0:
        raise CommandError("--office-minutes must be 0 or more.")
    shortest = min(_time_open(day) for day in week.weekly_hours if day)
    limit = MAX_WORKING_DAYS * shortest // _MINUTE
    if minutes > limit:
        raise CommandError(
            f"--office-minutes: at most {limit:,} for this office "
            f"({MAX_WORKING_DAYS:,} of its shortest working days)."
        )
    amount = timedelta(minutes=minutes)
    cal = _calendar_for(office, week, start, math.ceil(amount / shortest))
    return sla.add_office_time(cal, start, amount)


def _calendar_for(
    office: Office, week: sla.OfficeCalendar, start: datetime, working_days: int
) -> sla.OfficeCalendar:
    """A calendar long enough for `working_days`: one date per open weekday, a quarter more
    for holidays, and a month for the office's own closures. Should even that fall short,
    the sla refuses rather than count past the holidays it knows."""
    open_weekdays = sum(1 for day in week.weekly_hours if day)
    span = timedelta(days=math.ceil(working_days * 7 / open_weekdays * 1.25) + 30)
    try:
        until = start.date() + span
    except OverflowError:
        until = date.max
    return office_calendar(office, around=start.date(), until=until)


def _time_open(hours: tuple[sla.Interval, ...]) -> timedelta:
    return sum(
        (
            datetime.combine(date.min, closes) - datetime.combine(date.min, opens)
            for opens, closes in hours
        ),
        timedelta(0),
    )
