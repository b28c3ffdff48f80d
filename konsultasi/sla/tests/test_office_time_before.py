"""office_time_before: the earliest instant from which a span of office time is left until a
deadline, the mirror of add_office_time (used for "the deadline is near" warnings)."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given

from konsultasi.sla import CalendarError, OfficeCalendar, office_time_before, office_time_between
from konsultasi.sla.tests.helpers import STANDARD, WITH_INDEPENDENCE_DAY, WITH_LUNCH, at
from konsultasi.sla.tests.test_properties import PROPERTY, amounts, calendars, instants

SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("cal", "end", "amount", "expected"),
    [
        # Inside one working day.
        (STANDARD, "2026-08-13 15:00", timedelta(minutes=20), "2026-08-13 14:40"),
        # Across the weekend: 3 minutes on Monday, 2 more before Friday's closing.
        (STANDARD, "2026-08-17 08:03", timedelta(minutes=5), "2026-08-14 15:58"),
        # Across Independence Day (Monday 17 August closed).
        (WITH_INDEPENDENCE_DAY, "2026-08-18 08:30", timedelta(hours=1), "2026-08-14 15:30"),
        # Across the lunch break.
        (WITH_LUNCH, "2026-08-13 13:10", timedelta(minutes=30), "2026-08-13 11:40"),
        # A deadline at closing time, two hours ahead.
        (STANDARD, "2026-08-13 16:00", timedelta(hours=2), "2026-08-13 14:00"),
        # Used up exactly at an opening: the closing before it is as early.
        (STANDARD, "2026-08-17 09:00", timedelta(hours=1), "2026-08-14 16:00"),
        (STANDARD, "2026-08-17 08:00", timedelta(0), "2026-08-14 16:00"),
        # A deadline outside office hours counts from the last closing.
        (STANDARD, "2026-08-15 10:00", timedelta(minutes=10), "2026-08-14 15:50"),
        # Nothing to subtract, inside office hours: the deadline itself.
        (STANDARD, "2026-08-13 10:00", timedelta(0), "2026-08-13 10:00"),
    ],
)
def test_office_time_before_a_deadline(cal, end, amount, expected):
    assert office_time_before(cal, at(end), amount) == at(expected)


def test_a_negative_amount_is_refused():
    with pytest.raises(CalendarError, match="negative"):
        office_time_before(STANDARD, at("2026-08-13 10:00"), timedelta(minutes=-1))


def test_an_amount_that_is_not_a_timedelta_is_refused():
    with pytest.raises(CalendarError, match="timedelta"):
        office_time_before(STANDARD, at("2026-08-13 10:00"), 20)


def test_a_naive_deadline_is_refused():
    with pytest.raises(CalendarError, match="naive"):
        office_time_before(STANDARD, datetime(2026, 8, 13, 10), timedelta(minutes=5))


@PROPERTY
@given(calendars(), instants, amounts)
def test_from_that_instant_at_most_the_amount_is_left(
    cal: OfficeCalendar, end: datetime, amount: timedelta
) -> None:
    start = office_time_before(cal, end, amount)
    assert start <= end
    assert office_time_between(cal, start, end) <= amount


@PROPERTY
@given(calendars(), instants, amounts)
def test_a_moment_earlier_more_than_the_amount_is_left(
    cal: OfficeCalendar, end: datetime, amount: timedelta
) -> None:
    start = office_time_before(cal, end, amount)
    assert office_time_between(cal, start - SECOND, end) > amount
