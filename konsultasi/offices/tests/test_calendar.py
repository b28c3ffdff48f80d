from datetime import date, time

import pytest

from konsultasi import sla
from konsultasi.errors import DomainError
from konsultasi.offices.calendar import OfficeCalendarInvalid, calendar_changed, office_calendar
from konsultasi.offices.models import CalendarOverride, Office, WorkingHours


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
    calendar_changed(office.pk)
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


def test_a_closure_added_after_a_calendar_was_built_is_seen_by_the_next_one(office):
    office_calendar(office, around=date(2026, 9, 1))
    CalendarOverride.objects.create(office=office, date=date(2026, 9, 2), kind="closed", reason="x")
    cal = office_calendar(office, around=date(2026, 9, 1))  # the same office object
    assert not sla.is_working_day(cal, date(2026, 9, 2))


def test_a_closure_removed_after_a_calendar_was_built_is_seen_by_the_next_one(office):
    closure = CalendarOverride.objects.create(
        office=office, date=date(2026, 9, 2), kind="closed", reason="x"
    )
    office_calendar(office, around=date(2026, 9, 1))
    closure.delete()
    cal = office_calendar(office, around=date(2026, 9, 1))
    assert sla.is_working_day(cal, date(2026, 9, 2))


def test_changed_working_hours_are_seen_by_the_next_calendar(office):
    office_calendar(office, around=date(2026, 9, 1))
    monday = WorkingHours.objects.get(office=office, weekday=0)
    monday.closes = time(12)
    monday.save()
    cal = office_calendar(office, around=date(2026, 9, 1))
    assert sla.hours_on(cal, date(2026, 9, 7)) == ((time(8), time(12)),)


def test_a_changed_time_zone_is_seen_by_the_next_calendar(office):
    office_calendar(office, around=date(2026, 9, 1))
    office.time_zone = "Asia/Makassar"
    office.save()
    assert str(office_calendar(office, around=date(2026, 9, 1)).tz) == "Asia/Makassar"


def test_an_office_never_gets_another_offices_calendar(office, other_office):
    WorkingHours.objects.create(office=other_office, weekday=5, opens=time(9), closes=time(11))
    mine = office_calendar(office, around=date(2026, 9, 1))
    theirs = office_calendar(other_office, around=date(2026, 9, 1))
    assert sla.hours_on(mine, date(2026, 9, 5)) == ()  # a Saturday
    assert sla.hours_on(theirs, date(2026, 9, 5)) == ((time(9), time(11)),)
    assert sla.hours_on(theirs, date(2026, 9, 7)) == ()


def test_an_office_created_anew_gets_its_own_calendar(other_office):
    WorkingHours.objects.create(office=other_office, weekday=0, opens=time(8), closes=time(9))
    office_calendar(other_office, around=date(2026, 9, 1))
    pk = other_office.pk
    other_office.delete()
    again = Office.objects.create(pk=pk, slug="dumai", name="KPPN Dumai", number_prefix="DUM")
    WorkingHours.objects.bulk_create(
        [WorkingHours(office=again, weekday=0, opens=time(10), closes=time(11))]
    )
    cal = office_calendar(again, around=date(2026, 9, 1))
    assert sla.hours_on(cal, date(2026, 9, 7)) == ((time(10), time(11)),)
