"""The edges of what a calendar can answer: the last date it covers, the dates Python can
represent, and amounts far too large. Every one is a CalendarError, never an OverflowError,
a ValueError of the standard library or a loop that runs for minutes."""

import contextlib
import time as wall_clock
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konsultasi.sla import (
    BeyondCalendar,
    CalendarError,
    OfficeCalendar,
    add_office_time,
    close_of_working_day,
    is_open_at,
    next_opening,
    office_time_between,
    paused_office_time,
    working_day_on_or_after,
)
from konsultasi.sla.tests.helpers import WIB, at

MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)

# Known up to the last day of 2026, like a calendar built with that year's holidays.
UNTIL_2026 = OfficeCalendar.standard(covers_until=date(2026, 12, 31))


# --- the last date a calendar covers ------------------------------------------------------


def test_a_calendar_covers_every_date_unless_told_otherwise() -> None:
    assert OfficeCalendar.standard().covers_until is None


def test_a_deadline_on_the_last_covered_day_is_given() -> None:
    # Thursday 31 December 2026 is a working day of the standard week.
    assert add_office_time(UNTIL_2026, at("2026-12-31 08:00"), 8 * HOUR) == at("2026-12-31 16:00")
    assert close_of_working_day(UNTIL_2026, date(2026, 12, 30), 1) == at("2026-12-31 16:00")


def test_office_time_running_past_the_last_covered_day_is_refused() -> None:
    with pytest.raises(BeyondCalendar, match="beyond the calendar"):
        add_office_time(UNTIL_2026, at("2026-12-31 15:00"), 2 * HOUR)


def test_the_next_opening_after_the_last_covered_day_is_refused() -> None:
    with pytest.raises(BeyondCalendar, match="2026-12-31"):
        next_opening(UNTIL_2026, at("2026-12-31 16:00"))


def test_working_days_past_the_last_covered_day_are_refused() -> None:
    with pytest.raises(BeyondCalendar, match="beyond the calendar"):
        close_of_working_day(UNTIL_2026, date(2026, 12, 30), 2)
    with pytest.raises(BeyondCalendar, match="beyond the calendar"):
        working_day_on_or_after(UNTIL_2026, date(2027, 1, 1))


def test_a_huge_number_of_working_days_is_refused_at_once() -> None:
    began = wall_clock.perf_counter()
    with pytest.raises(BeyondCalendar):
        close_of_working_day(UNTIL_2026, date(2026, 1, 5), 10**18)
    with pytest.raises(BeyondCalendar):
        close_of_working_day(OfficeCalendar.standard(), date(2026, 1, 5), 10**18)
    assert wall_clock.perf_counter() - began < 0.5


def test_measuring_office_time_past_the_last_covered_day_is_refused() -> None:
    with pytest.raises(BeyondCalendar, match="beyond the calendar"):
        office_time_between(UNTIL_2026, at("2026-12-31 08:00"), at("2027-01-04 09:00"))
    with pytest.raises(BeyondCalendar, match="beyond the calendar"):
        paused_office_time(UNTIL_2026, [(at("2026-12-31 08:00"), at("2027-01-04 09:00"))])


def test_office_time_measured_up_to_the_last_covered_day_is_given() -> None:
    elapsed = office_time_between(UNTIL_2026, at("2026-12-31 08:00"), at("2026-12-31 23:59"))
    assert elapsed == 8 * HOUR


@pytest.mark.parametrize(
    "value",
    [datetime(2026, 12, 31), "2026-12-31", 2026],
    ids=["datetime", "string", "number"],
)
def test_the_last_covered_day_must_be_a_date(value: object) -> None:
    with pytest.raises(CalendarError, match="covers_until"):
        OfficeCalendar(tz=WIB, weekly_hours=((),) * 7, covers_until=value)  # type: ignore[arg-type]


# --- the dates Python can represent -------------------------------------------------------

LATEST = datetime.max.replace(tzinfo=UTC)
EARLIEST_IN_JAKARTA = datetime.min.replace(tzinfo=WIB)  # before 0001-01-01 in UTC
EDGE_CALLS = {
    "add-a-huge-amount": lambda: add_office_time(
        OfficeCalendar.standard(), at("2026-08-14 10:00"), timedelta.max
    ),
    "add-at-the-last-instant": lambda: add_office_time(OfficeCalendar.standard(), LATEST, HOUR),
    "next-opening-at-the-last-instant": lambda: next_opening(OfficeCalendar.standard(), LATEST),
    "next-opening-at-the-first-instant": lambda: next_opening(
        OfficeCalendar.standard(), EARLIEST_IN_JAKARTA
    ),
    "open-at-the-last-instant": lambda: is_open_at(OfficeCalendar.standard(), LATEST),
    "measure-to-the-last-instant": lambda: office_time_between(
        OfficeCalendar.standard(), at("9999-12-30 08:00"), LATEST
    ),
    "measure-from-the-first-instant": lambda: office_time_between(
        OfficeCalendar.standard(), EARLIEST_IN_JAKARTA, at("0001-01-03 10:00")
    ),
    "close-after-the-last-date": lambda: close_of_working_day(
        OfficeCalendar.standard(), date.max, 1
    ),
    "working-day-after-the-last-date": lambda: working_day_on_or_after(
        OfficeCalendar.standard(closed_dates=frozenset({date.max})), date.max
    ),
}


@pytest.mark.parametrize("call", EDGE_CALLS.values(), ids=EDGE_CALLS.keys())
def test_the_edges_of_pythons_dates_are_refused_as_beyond_the_calendar(call: object) -> None:
    with pytest.raises(BeyondCalendar, match="years 1 to 9999"):
        call()  # type: ignore[operator]


# --- any instant, any amount: an answer or a CalendarError --------------------------------

EXTREME = settings(max_examples=300, deadline=None, database=None, derandomize=True)

ZONES = st.sampled_from(
    [UTC, WIB, ZoneInfo("Pacific/Kiritimati"), ZoneInfo("America/Adak")]
    + [timezone(timedelta(hours=h)) for h in (-23, 23)]
)
any_instant = st.datetimes(timezones=ZONES)
any_amount = st.timedeltas(min_value=timedelta(0))
any_count = st.integers(min_value=0, max_value=10**30)


@st.composite
def bounded_calendars(draw: st.DrawFn, near: datetime) -> OfficeCalendar:
    """A calendar that covers up to some date within about 25 years of `near`, as every
    office calendar does (a wider one is correct, only slow to walk)."""
    hours = draw(st.sampled_from([((time(8), time(16)),), ((time(0), time(0, 1)),), ()]))
    open_days = draw(st.integers(1, 7))
    distance = timedelta(days=draw(st.integers(-9_000, 9_000)))
    try:
        last = near.date() + distance
    except OverflowError:
        last = date.max if distance > timedelta(0) else date.min
    return OfficeCalendar(
        tz=ZoneInfo(draw(st.sampled_from(["Asia/Jakarta", "Asia/Jayapura", "UTC"]))),
        weekly_hours=(hours,) * open_days + ((),) * (7 - open_days),
        covers_until=last,
    )


@st.composite
def situations(draw: st.DrawFn) -> tuple[OfficeCalendar, datetime]:
    instant = draw(any_instant)
    return draw(bounded_calendars(instant)), instant


def _answers_or_refuses(call, *args) -> None:
    """Only a CalendarError may escape; the test fails on any other exception."""
    with contextlib.suppress(CalendarError):
        call(*args)


@EXTREME
@given(situations(), any_amount)
def test_adding_any_amount_at_any_instant_answers_or_refuses(situation, amount) -> None:
    cal, start = situation
    _answers_or_refuses(add_office_time, cal, start, amount)


@EXTREME
@given(situations(), st.timedeltas(-20_000 * DAY, 20_000 * DAY))
def test_measuring_between_any_instants_answers_or_refuses(situation, offset) -> None:
    # Not any two instants: a measurement over millennia is correct, only slow (date by date).
    cal, start = situation
    try:
        end = start + offset
    except OverflowError:
        end = start
    _answers_or_refuses(office_time_between, cal, start, end)


@EXTREME
@given(situations())
def test_any_instant_answers_or_refuses(situation) -> None:
    cal, instant = situation
    _answers_or_refuses(next_opening, cal, instant)
    _answers_or_refuses(is_open_at, cal, instant)


@EXTREME
@given(situations(), any_count)
def test_any_count_of_working_days_from_any_date_answers_or_refuses(situation, n) -> None:
    cal, instant = situation
    _answers_or_refuses(close_of_working_day, cal, instant.date(), n)
    _answers_or_refuses(working_day_on_or_after, cal, instant.date())


@EXTREME
@given(st.sampled_from([datetime.min, datetime.max]), ZONES, st.integers(0, 10_000))
def test_an_unbounded_calendar_answers_or_refuses_at_the_ends_of_time(edge, zone, minutes) -> None:
    instant = edge.replace(tzinfo=zone)
    near = instant + DAY if edge == datetime.min else instant - DAY
    cal = OfficeCalendar.standard()
    for call, *args in [
        (add_office_time, instant, minutes * MINUTE),
        (next_opening, instant),
        (is_open_at, instant),
        (office_time_between, *sorted([instant, near])),
    ]:
        _answers_or_refuses(call, cal, *args)
