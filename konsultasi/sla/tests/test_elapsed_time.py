"""office_time_between and paused_office_time: how much office time a period covers."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from konsultasi.sla import (
    CalendarError,
    OfficeCalendar,
    add_office_time,
    next_opening,
    office_time_between,
    paused_office_time,
)
from konsultasi.sla.tests.helpers import (
    BERLIN,
    STANDARD,
    WITA,
    WITH_INDEPENDENCE_DAY,
    WITH_LUNCH,
    at,
)

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
ZERO = timedelta(0)

# id: (calendar, start, end, office time)
BETWEEN = {
    "same day": (STANDARD, at("2026-08-17 09:00"), at("2026-08-17 11:00"), 2 * HOUR),
    "across a night": (STANDARD, at("2026-08-17 15:00"), at("2026-08-18 09:00"), 2 * HOUR),
    "across a weekend": (STANDARD, at("2026-08-14 15:55"), at("2026-08-17 08:15"), 20 * MINUTE),
    "a holiday counts nothing": (
        WITH_INDEPENDENCE_DAY,
        at("2026-08-14 08:00"),
        at("2026-08-19 08:00"),
        16 * HOUR,
    ),
    "lunch is left out": (WITH_LUNCH, at("2026-08-17 08:00"), at("2026-08-17 16:00"), 7 * HOUR),
    "end before start": (STANDARD, at("2026-08-17 11:00"), at("2026-08-17 09:00"), ZERO),
    "an empty period": (STANDARD, at("2026-08-17 09:00"), at("2026-08-17 09:00"), ZERO),
    "ends given in other zones": (
        STANDARD,
        at("2026-08-17 02:00", UTC),
        at("2026-08-17 11:00", WITA),
        HOUR,
    ),
}


@pytest.mark.parametrize(("cal", "start", "end", "expected"), BETWEEN.values(), ids=BETWEEN.keys())
def test_office_time_between(
    cal: OfficeCalendar, start: datetime, end: datetime, expected: timedelta
) -> None:
    assert office_time_between(cal, start, end) == expected


# id: (pauses as Jakarta wall times, paused office time)
PAUSES = {
    "no pauses": ([], ZERO),
    "paused monday 15:00 and resumed tuesday 09:00 counts two hours": (
        [("2026-08-17 15:00", "2026-08-18 09:00")],
        2 * HOUR,
    ),
    "overlapping pauses count once": (
        [("2026-08-17 09:00", "2026-08-17 11:00"), ("2026-08-17 10:00", "2026-08-17 12:00")],
        3 * HOUR,
    ),
    "pauses in any order": (
        [("2026-08-17 13:00", "2026-08-17 14:00"), ("2026-08-17 09:00", "2026-08-17 10:00")],
        2 * HOUR,
    ),
    "a pause inside another": (
        [("2026-08-17 09:00", "2026-08-17 12:00"), ("2026-08-17 10:00", "2026-08-17 11:00")],
        3 * HOUR,
    ),
    "a pause over the weekend only": ([("2026-08-14 17:00", "2026-08-17 07:00")], ZERO),
    "a pause of zero length": ([("2026-08-17 09:00", "2026-08-17 09:00")], ZERO),
}


@pytest.mark.parametrize(("pauses", "expected"), PAUSES.values(), ids=PAUSES.keys())
def test_paused_office_time(pauses: list[tuple[str, str]], expected: timedelta) -> None:
    periods = [(at(start), at(end)) for start, end in pauses]
    assert paused_office_time(STANDARD, periods) == expected


def test_a_pause_still_running_is_refused() -> None:
    with pytest.raises(CalendarError, match="end is None"):
        paused_office_time(STANDARD, [(at("2026-08-17 09:00"), None)])  # type: ignore[list-item]


def test_a_pause_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(CalendarError, match="cannot end before it starts"):
        paused_office_time(STANDARD, [(at("2026-08-17 10:00"), at("2026-08-17 09:00"))])


def test_a_pause_that_is_not_a_pair_is_refused() -> None:
    with pytest.raises(CalendarError, match=r"\(start, end\) pair"):
        paused_office_time(STANDARD, [at("2026-08-17 10:00")])  # type: ignore[list-item]


# Indonesia has no daylight saving, but the module takes any zone, so it must stay exact.
NIGHT_DESK = OfficeCalendar(tz=BERLIN, weekly_hours=(((time(1), time(4)),),) * 7)
NIGHTS = {
    "spring forward loses an hour": (date(2026, 3, 29), 2 * HOUR),
    "an ordinary night": (date(2026, 3, 30), 3 * HOUR),
    "fall back repeats an hour": (date(2026, 10, 25), 4 * HOUR),
}


@pytest.mark.parametrize(("day", "expected"), NIGHTS.values(), ids=NIGHTS.keys())
def test_office_time_across_a_daylight_saving_change_is_real_elapsed_time(
    day: date, expected: timedelta
) -> None:
    opens = datetime.combine(day, time(1), tzinfo=BERLIN)
    closes = datetime.combine(day, time(4), tzinfo=BERLIN)
    assert office_time_between(NIGHT_DESK, opens, closes) == expected


def test_a_deadline_across_spring_forward_skips_the_missing_hour() -> None:
    due = add_office_time(NIGHT_DESK, at("2026-03-29 01:00", BERLIN), 90 * MINUTE)
    assert due == at("2026-03-29 01:30", UTC)
    assert (due.hour, due.minute) == (3, 30)


def test_an_interval_swallowed_by_the_missing_hour_counts_nothing() -> None:
    # 02:30 does not exist that night and is read as 03:30, after the 03:15 closing.
    cal = OfficeCalendar(tz=BERLIN, weekly_hours=(((time(2, 30), time(3, 15)),),) * 7)
    night = at("2026-03-29 00:00", BERLIN)
    assert office_time_between(cal, night, night + 6 * HOUR) == ZERO
    assert next_opening(cal, night) == at("2026-03-30 02:30", BERLIN)
