"""The office's calendar and "now" for one request: built once, shared by the frame, the list
and every clock on the page, so that all of them judge against the same instant."""

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

from konsultasi import sla
from konsultasi.consultations.selectors import Moment
from konsultasi.desk.access import staff_office
from konsultasi.offices.calendar import office_calendar


def request_calendar(request: HttpRequest) -> sla.OfficeCalendar:
    cal = getattr(request, "_desk_calendar", None)
    if cal is None:
        office = staff_office(request)
        local_today = request_now(request).astimezone(office.zone).date()
        cal = office_calendar(office, around=local_today)
        request._desk_calendar = cal  # type: ignore[attr-defined]
    return cal


def request_now(request: HttpRequest) -> datetime:
    now = getattr(request, "_desk_now", None)
    if now is None:
        now = timezone.now()
        request._desk_now = now  # type: ignore[attr-defined]
    return now


def request_moment(request: HttpRequest) -> Moment:
    moment = getattr(request, "_desk_moment", None)
    if moment is None:
        moment = moment_at(request_calendar(request), request_now(request))
        request._desk_moment = moment  # type: ignore[attr-defined]
    return moment


def moment_at(cal: sla.OfficeCalendar, now: datetime) -> Moment:
    """Today in the office: local midnight, and the close of the working day that is still
    ahead (today's if the office has not closed yet, else the next working day's)."""
    local = now.astimezone(cal.tz)
    day_start = datetime.combine(local.date(), datetime.min.time(), tzinfo=cal.tz)
    close = sla.close_of_working_day(cal, local.date(), 0)
    if close <= now:
        close = sla.close_of_working_day(cal, local.date(), 1)
    return Moment(
        now=now,
        day_start=day_start,
        day_close=close,
        today_is_working_day=sla.is_working_day(cal, local.date()),
    )


def local_midnight(cal: sla.OfficeCalendar, day) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=cal.tz)


ONE_DAY = timedelta(days=1)
