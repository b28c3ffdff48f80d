from datetime import date, time

import pytest

from konsultasi import sla
from konsultasi.errors import DomainError
from konsultasi.offices.calendar import OfficeCalendarInvalid, office_calendar
from konsultasi.offices.models import CalendarOverride, WorkingHours


def test_national_holidays_and_collective_leave_are_closed(office):
    cal = office_calendar(office, around=date(2026, 3, 1))
    assert not sla.is_working_day(cal, date(2026, 8, 17))  # Independence Day
    assert not sla.is_working_day(cal, date(2026, 3, 23))  # cuti bersama Idul Fitri
    assert sla.is_working_day(cal, date(2026, 3, 25))


def test_an_office_closure_is_closed_and_a_reopened_day_is_open(office):
    CalendarOverride.objects.create(office=office, date=date(2026, 9, 2), kind="closed", reason="x")
    CalendarOverride.objects.create(office=office, date=date(2026, 9, 5), kind="open", reason="y")
    cal = office_calendar(office, around=date(2026, 9, 1))
    assert not sla.is_working_day(cal, date(2026, 9, 2))
    assert sla.hours_on(cal, date(2026, 9, 5)) == ((time(8), time(16)),)  # a Saturday


def test_a_reopened_day_may_have_its_own_hours(office):
    CalendarOverride.objects.create(
        office=office,
        date=date(2026, 9, 5),
        kind="open",
        opens=time(9),
        closes=time(12),
        reason="z",
    )
    cal = office_calendar(office, around=date(2026, 9, 1))
    assert sla.hours_on(cal, date(2026, 9, 5)) == ((time(9), time(12)),)


def test_a_lunch_break_gives_two_intervals_a_day(office):
    WorkingHours.objects.filter(office=office, weekday=4).update(closes=time(11, 30))
    WorkingHours.objects.create(office=office, weekday=4, opens=time(13, 30), closes=time(16))
    cal = office_calendar(office, around=date(2026, 9, 1))
    assert sla.hours_on(cal, date(2026, 9, 4)) == (
        (time(8), time(11, 30)),
        (time(13, 30), time(16)),
    )


def test_an_office_without_hours_is_refused_with_a_clear_message(office, english):
    WorkingHours.objects.filter(office=office).delete()
    with pytest.raises(OfficeCalendarInvalid, match="no working hours"):
        office_calendar(office, around=date(2026, 9, 1))


def test_overlapping_hours_saved_behind_the_admins_back_are_refused(office, english):
    WorkingHours.objects.create(office=office, weekday=0, opens=time(12), closes=time(17))
    with pytest.raises(OfficeCalendarInvalid, match="not valid"):
        office_calendar(office, around=date(2026, 9, 1))


def test_a_calendar_around_a_date_knows_the_holidays_of_three_years_ahead(office):
    cal = office_calendar(office, around=date(2026, 8, 14))
    assert cal.covers_until == date(2029, 12, 31)
    assert not sla.is_working_day(cal, date(2029, 1, 1))


def test_a_calendar_until_a_later_date_knows_its_holidays(office):
    cal = office_calendar(office, around=date(2026, 8, 14), until=date(2031, 3, 1))
    assert cal.covers_until == date(2032, 12, 31)
    assert not sla.is_working_day(cal, date(2031, 1, 1))  # a Wednesday
    assert not sla.is_working_day(cal, date(2032, 1, 1))  # a Thursday


def test_a_search_past_the_years_the_calendar_knows_is_refused(office):
    cal = office_calendar(office, around=date(2026, 8, 14))
    with pytest.raises(sla.BeyondCalendar):
        sla.close_of_working_day(cal, date(2029, 12, 20), 20)


def test_a_calendar_never_claims_holidays_past_the_last_year_the_library_knows(office):
    cal = office_calendar(office, around=date(2099, 6, 1), until=date(2104, 1, 1))
    assert cal.covers_until == date(2100, 12, 31)


@pytest.mark.parametrize(
    "around", [date(1, 1, 1), date(1900, 5, 1), date(2101, 1, 1), date(9998, 12, 31)]
)
def test_a_date_whose_national_holidays_are_unknown_is_refused(office, english, around):
    with pytest.raises(DomainError, match="national holidays of 1946 to 2100"):
        office_calendar(office, around=around)
