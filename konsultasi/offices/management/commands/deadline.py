"""Answer "when is it due?" for an office, so an admin can check the calendar.

python manage.py deadline pekanbaru 2026-08-14T10:00 --working-days 3
2026-08-20T16:00:00+07:00
"""

from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError

from konsultasi import sla
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Office


class Command(BaseCommand):
    help = "Print when something started at a local time falls due in an office's calendar."

    def add_arguments(self, parser):
        parser.add_argument("office", help="the office's slug, e.g. pekanbaru")
        parser.add_argument("start", help="local office time, e.g. 2026-08-14T10:00")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--working-days",
            type=int,
            help="due at the close of the Nth working day after the start's day",
        )
        group.add_argument("--office-minutes", type=int, help="add N minutes of office time")

    def handle(self, *args, office: str, start: str, working_days, office_minutes, **options):
        try:
            office_ = Office.objects.get(slug=office)
        except Office.DoesNotExist:
            raise CommandError(f"No office with the slug {office!r}.") from None
        try:
            naive = datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(f"Not a date and time: {start!r} (use 2026-08-14T10:00).") from None
        if naive.tzinfo is not None:
            local_start = naive.astimezone(office_.zone)
        else:
            local_start = naive.replace(tzinfo=office_.zone)
        cal = office_calendar(office_, around=local_start.date())
        try:
            if working_days is not None:
                if working_days < 0:
                    raise CommandError("--working-days must be 0 or more.")
                due = sla.close_of_working_day(cal, local_start.date(), working_days)
            else:
                if office_minutes < 0:
                    raise CommandError("--office-minutes must be 0 or more.")
                due = sla.add_office_time(cal, local_start, timedelta(minutes=office_minutes))
        except sla.CalendarError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(due.astimezone(office_.zone).isoformat())
