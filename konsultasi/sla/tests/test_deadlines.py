"""add_office_time: where a deadline lands, and which requests are refused."""

import time as wall_clock
from datetime import UTC, date, datetime, time, timedelta

import pytest

from konsultasi.sla import (
    CalendarError,
    OfficeCalendar,
    add_office_time,
    is_open_at,
    next_opening,
    office_time_between,
    paused_office_time,
)
from konsultasi.sla.tests.helpers import (
    NEVER_OPEN,
    REOPENED,
    STANDARD,
    WIB,
    WITA,
    WITH_IDUL_FITRI,
    WITH_INDEPENDENCE_DAY,
    WITH_LUNCH,
    at,
)

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
MICROSECOND = timedelta(microseconds=1)

TOUCHING = OfficeCalendar(
    tz=WIB, weekly_hours=(((time(8), time(12)), (time(12), time(16))),) * 5 + ((), ())
)

# id: (calendar, start in Jakarta time, amount, expected deadline in Jakarta time)
DEADLINES = {
    "friday 15:55 plus 20 min ends monday 08:15": (
        STANDARD,
        "2026-08-14 15:55",
        20 * MINUTE,
        "2026-08-17 08:15",
    ),
    "a saturday start counts from monday 08:00": (
        STANDARD,
        "2026-08-15 10:00",
        30 * MINUTE,
        "2026-08-17 08:30",
    ),
    "a monday holiday pushes the deadline to tuesday": (
        WITH_INDEPENDENCE_DAY,
        "2026-08-14 15:00",
        2 * HOUR,
        "2026-08-18 09:00",
    ),
    "the idul fitri closure is skipped whole": (
        WITH_IDUL_FITRI,
        "2026-03-17 15:00",
        2 * HOUR,
        "2026-03-25 09:00",
    ),
    "three office days asked during idul fitri end the friday after it": (
        WITH_IDUL_FITRI,
        "2026-03-20 10:00",
        24 * HOUR,
        "2026-03-27 16:00",
    ),
    "used up exactly at closing returns that closing": (
        STANDARD,
        "2026-08-13 15:40",
        20 * MINUTE,
        "2026-08-13 16:00",
    ),
    "the lunch break is skipped": (WITH_LUNCH, "2026-08-18 11:30", HOUR, "2026-08-18 13:30"),
    "used up at the start of lunch returns noon": (
        WITH_LUNCH,
        "2026-08-18 11:30",
        30 * MINUTE,
        "2026-08-18 12:00",
    ),
    "a start during lunch counts from 13:00": (
        WITH_LUNCH,
        "2026-08-18 12:15",
        HOUR,
        "2026-08-18 14:00",
    ),
    "touching intervals run straight through": (
        TOUCHING,
        "2026-08-18 11:00",
        2 * HOUR,
        "2026-08-18 13:00",
    ),
    "date hours reopen a closed holiday": (
        REOPENED,
        "2026-08-14 15:00",
        2 * HOUR,
        "2026-08-17 09:00",
    ),
    "a short friday spills into a working saturday": (
        REOPENED,
        "2026-08-21 10:30",
        HOUR,
        "2026-08-22 08:30",
    ),
    "a weekday closed by date hours is skipped": (
        REOPENED,
        "2026-08-19 15:00",
        2 * HOUR,
        "2026-08-21 09:00",
    ),
    "a start exactly at opening counts at once": (
        STANDARD,
        "2026-08-17 08:00",
        HOUR,
        "2026-08-17 09:00",
    ),
    "a start exactly at closing counts from the next opening": (
        STANDARD,
        "2026-08-17 16:00",
        HOUR,
        "2026-08-18 09:00",
    ),
    "a microsecond before closing plus one microsecond is the closing": (
        STANDARD,
        "2026-08-17 15:59:59.999999",
        MICROSECOND,
        "2026-08-17 16:00",
    ),
    "a microsecond before closing plus two spills to the next morning": (
        STANDARD,
        "2026-08-17 15:59:59.999999",
        2 * MICROSECOND,
        "2026-08-18 08:00:00.000001",
    ),
    "zero amount after hours is the next opening": (
        STANDARD,
        "2026-08-14 17:00",
        timedelta(0),
        "2026-08-17 08:00",
    ),
    "zero amount in hours is the start itself": (
        STANDARD,
        "2026-08-14 10:00",
        timedelta(0),
        "2026-08-14 10:00",
    ),
    "zero amount at closing is the next opening": (
        STANDARD,
        "2026-08-14 16:00",
        timedelta(0),
        "2026-08-17 08:00",
    ),
    "a thousand hours are 125 working days": (
        STANDARD,
        "2026-01-05 08:00",
        1000 * HOUR,
        "2026-06-26 16:00",
    ),
}


@pytest.mark.parametrize(
    ("cal", "start", "amount", "expected"), DEADLINES.values(), ids=DEADLINES.keys()
)
def test_add_office_time(cal: OfficeCalendar, start: str, amount: timedelta, expected: str) -> None:
    due = add_office_time(cal, at(start), amount)
    assert due == at(expected)
    assert due.tzinfo is cal.tz


@pytest.mark.parametrize(
    "start",
    [at("2026-08-14 15:55"), at("2026-08-14 08:55", UTC), at("2026-08-14 16:55", WITA)],
    ids=["jakarta", "utc", "makassar"],
)
def test_the_same_instant_in_any_zone_gives_the_same_deadline(start: datetime) -> None:
    due = add_office_time(STANDARD, start, 20 * MINUTE)
    assert due == at("2026-08-17 08:15")
    assert (due.tzinfo, due.hour, due.minute) == (WIB, 8, 15)


def test_a_makassar_office_counts_in_its_own_hours() -> None:
    cal = OfficeCalendar.standard("Asia/Makassar")
    due = add_office_time(cal, at("2026-08-14 14:55"), 20 * MINUTE)
    assert due == at("2026-08-17 08:15", WITA)


def test_a_thousand_hours_take_milliseconds_not_seconds() -> None:
    began = wall_clock.perf_counter()
    add_office_time(WITH_LUNCH, at("2026-01-05 08:00"), 1000 * HOUR)
    assert wall_clock.perf_counter() - began < 0.5


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(CalendarError, match="must not be negative"):
        add_office_time(STANDARD, at("2026-08-14 10:00"), -MINUTE)


def test_an_amount_that_is_not_a_timedelta_is_refused() -> None:
    with pytest.raises(CalendarError, match="must be a timedelta"):
        add_office_time(STANDARD, at("2026-08-14 10:00"), 20)  # type: ignore[arg-type]


NAIVE = datetime(2026, 8, 14, 10)  # naive on purpose
AWARE = at("2026-08-15 10:00")
NAIVE_CALLS = {
    "add_office_time": lambda: add_office_time(STANDARD, NAIVE, MINUTE),
    "next_opening": lambda: next_opening(STANDARD, NAIVE),
    "is_open_at": lambda: is_open_at(STANDARD, NAIVE),
    "office_time_between": lambda: office_time_between(STANDARD, AWARE, NAIVE),
    "paused_office_time": lambda: paused_office_time(STANDARD, [(NAIVE, AWARE)]),
}


@pytest.mark.parametrize("call", NAIVE_CALLS.values(), ids=NAIVE_CALLS.keys())
def test_a_naive_datetime_is_refused(call: object) -> None:
    with pytest.raises(CalendarError, match="naive datetime"):
        call()  # type: ignore[operator]


def test_a_date_instead_of_a_datetime_is_refused() -> None:
    with pytest.raises(CalendarError, match="must be a datetime"):
        next_opening(STANDARD, date(2026, 8, 14))  # type: ignore[arg-type]


def test_a_calendar_without_working_hours_raises_instead_of_hanging() -> None:
    with pytest.raises(CalendarError, match="no working hours within 3700 days"):
        add_office_time(NEVER_OPEN, at("2026-08-14 10:00"), HOUR)


def test_office_time_running_past_year_9999_is_refused() -> None:
    with pytest.raises(CalendarError, match="years 1 to 9999"):
        add_office_time(STANDARD, at("9999-12-01 08:00"), 1000 * HOUR)
