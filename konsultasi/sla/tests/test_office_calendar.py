"""OfficeCalendar construction and the date-level questions: hours, working days, closes."""

from datetime import UTC, date, datetime, time
from types import MappingProxyType

import pytest

from konsultasi.sla import (
    CalendarError,
    OfficeCalendar,
    close_of_working_day,
    hours_on,
    is_working_day,
    working_day_on_or_after,
)
from konsultasi.sla.tests.helpers import (
    INDEPENDENCE_DAY,
    NEVER_OPEN,
    REOPENED,
    STANDARD,
    WIB,
    WITH_IDUL_FITRI,
    WITH_INDEPENDENCE_DAY,
    WITH_LUNCH,
    at,
)

EIGHT_TO_FOUR = ((time(8), time(16)),)


def week(monday: object) -> tuple[object, ...]:
    """Valid weekly hours except for Monday."""
    return (monday,) + (EIGHT_TO_FOUR,) * 4 + ((), ())


@pytest.mark.parametrize(
    ("weekly_hours", "message"),
    [
        pytest.param((EIGHT_TO_FOUR,) * 6, "exactly 7 entries", id="six weekdays"),
        pytest.param((EIGHT_TO_FOUR,) * 8, "exactly 7 entries", id="eight weekdays"),
        pytest.param("MTWTFSS", "must be a collection", id="a string"),
        pytest.param(None, "must be a collection", id="none"),
        pytest.param(
            week(((time(8), time(12)), (time(11), time(16)))), "overlaps", id="overlapping"
        ),
        pytest.param(week(((time(13), time(16)), (time(8), time(12)))), "sorted", id="unsorted"),
        pytest.param(week(((time(8), time(8)),)), "open before it closes", id="empty interval"),
        pytest.param(week(((time(22), time(2)),)), "open before it closes", id="crossing midnight"),
        pytest.param(week(((time(8),),)), "pair of times", id="opening without closing"),
        pytest.param(week((("08:00", "16:00"),)), "pair of times", id="strings for times"),
        pytest.param(week((8, 16)), "must be a collection", id="bare numbers"),
        pytest.param(
            week(((time(8, tzinfo=UTC), time(16, tzinfo=UTC)),)),
            "must be naive",
            id="aware times",
        ),
    ],
)
def test_invalid_weekly_hours_are_refused(weekly_hours: object, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        OfficeCalendar(tz=WIB, weekly_hours=weekly_hours)  # type: ignore[arg-type]


def test_an_overlap_is_reported_with_the_weekday() -> None:
    with pytest.raises(CalendarError, match="Monday"):
        OfficeCalendar(tz=WIB, weekly_hours=week(((time(8), time(12)), (time(11), time(16)))))


def test_a_time_zone_name_instead_of_a_zone_is_refused() -> None:
    with pytest.raises(CalendarError, match="time zone"):
        OfficeCalendar(tz="Asia/Jakarta", weekly_hours=STANDARD.weekly_hours)  # type: ignore[arg-type]


def test_a_datetime_among_closed_dates_is_refused() -> None:
    with pytest.raises(CalendarError, match="expected a date for closed_dates"):
        OfficeCalendar.standard(closed_dates=frozenset({datetime(2026, 8, 17, tzinfo=WIB)}))


@pytest.mark.parametrize(
    "date_hours",
    [
        pytest.param({date(2026, 8, 17): ((time(12), time(8)),)}, id="reversed interval"),
        pytest.param({"2026-08-17": EIGHT_TO_FOUR}, id="string key"),
        pytest.param([(date(2026, 8, 17), EIGHT_TO_FOUR)], id="not a mapping"),
    ],
)
def test_invalid_date_hours_are_refused(date_hours: object) -> None:
    with pytest.raises(CalendarError, match="date_hours"):
        OfficeCalendar(tz=WIB, weekly_hours=STANDARD.weekly_hours, date_hours=date_hours)  # type: ignore[arg-type]


def test_touching_intervals_are_allowed() -> None:
    cal = OfficeCalendar(tz=WIB, weekly_hours=week(((time(8), time(12)), (time(12), time(16)))))
    assert hours_on(cal, date(2026, 8, 10)) == ((time(8), time(12)), (time(12), time(16)))


def test_lists_and_dicts_are_normalised_so_equal_calendars_compare_and_hash_equal() -> None:
    from_lists = OfficeCalendar(
        tz=WIB,
        weekly_hours=[[(time(8), time(16))]] * 5 + [[], []],  # type: ignore[arg-type]
        closed_dates={INDEPENDENCE_DAY},  # type: ignore[arg-type]
        date_hours={date(2026, 8, 22): [(time(8), time(12))]},  # type: ignore[dict-item]
    )
    from_tuples = OfficeCalendar(
        tz=WIB,
        weekly_hours=(EIGHT_TO_FOUR,) * 5 + ((), ()),
        closed_dates=frozenset({INDEPENDENCE_DAY}),
        date_hours={date(2026, 8, 22): ((time(8), time(12)),)},
    )
    assert from_lists == from_tuples
    assert hash(from_lists) == hash(from_tuples)
    assert isinstance(from_lists.date_hours, MappingProxyType)


def test_calendars_differing_only_in_date_hours_are_not_equal() -> None:
    reopened = OfficeCalendar.standard()
    reopened = OfficeCalendar(
        tz=WIB, weekly_hours=reopened.weekly_hours, date_hours={date(2026, 8, 22): EIGHT_TO_FOUR}
    )
    assert reopened != STANDARD


def test_the_standard_calendar_opens_eight_to_four_on_weekdays_only() -> None:
    assert STANDARD.tz == WIB
    assert STANDARD.weekly_hours == (EIGHT_TO_FOUR,) * 5 + ((), ())
    assert STANDARD.closed_dates == frozenset()
    assert dict(STANDARD.date_hours) == {}


def test_the_standard_calendar_takes_zone_hours_and_closed_dates() -> None:
    cal = OfficeCalendar.standard(
        "Asia/Makassar", time(7, 30), time(15), frozenset({INDEPENDENCE_DAY})
    )
    assert str(cal.tz) == "Asia/Makassar"
    assert hours_on(cal, date(2026, 8, 18)) == ((time(7, 30), time(15)),)
    assert not is_working_day(cal, INDEPENDENCE_DAY)


@pytest.mark.parametrize(
    ("cal", "day", "expected"),
    [
        pytest.param(STANDARD, date(2026, 8, 17), EIGHT_TO_FOUR, id="weekly hours on a monday"),
        pytest.param(STANDARD, date(2026, 8, 22), (), id="saturday closed weekly"),
        pytest.param(WITH_INDEPENDENCE_DAY, INDEPENDENCE_DAY, (), id="closed date"),
        pytest.param(
            REOPENED, INDEPENDENCE_DAY, ((time(8), time(12)),), id="date hours beat closed date"
        ),
        pytest.param(REOPENED, date(2026, 8, 22), ((time(8), time(12)),), id="saturday reopened"),
        pytest.param(REOPENED, date(2026, 8, 20), (), id="empty date hours close a weekday"),
        pytest.param(WITH_LUNCH, date(2026, 8, 18), WITH_LUNCH.weekly_hours[1], id="lunch break"),
    ],
)
def test_hours_on_applies_date_hours_then_closed_dates_then_weekly_hours(
    cal: OfficeCalendar, day: date, expected: tuple[object, ...]
) -> None:
    assert hours_on(cal, day) == expected
    assert is_working_day(cal, day) is bool(expected)


def test_hours_on_refuses_a_datetime_for_a_date() -> None:
    with pytest.raises(CalendarError, match="expected a date"):
        hours_on(STANDARD, at("2026-08-17 09:00"))


@pytest.mark.parametrize(
    ("cal", "day", "expected"),
    [
        pytest.param(STANDARD, date(2026, 8, 14), date(2026, 8, 14), id="friday is itself"),
        pytest.param(STANDARD, date(2026, 8, 15), date(2026, 8, 17), id="saturday to monday"),
        pytest.param(
            WITH_INDEPENDENCE_DAY, date(2026, 8, 15), date(2026, 8, 18), id="past the holiday"
        ),
        pytest.param(REOPENED, date(2026, 8, 15), date(2026, 8, 17), id="to the reopened holiday"),
        pytest.param(WITH_IDUL_FITRI, date(2026, 3, 18), date(2026, 3, 25), id="across idul fitri"),
    ],
)
def test_working_day_on_or_after(cal: OfficeCalendar, day: date, expected: date) -> None:
    assert working_day_on_or_after(cal, day) == expected


CLOSES = {
    "three working days after friday 14 august skip independence day": (
        WITH_INDEPENDENCE_DAY,
        date(2026, 8, 14),
        3,
        "2026-08-20 16:00",
    ),
    "one after a friday is monday": (STANDARD, date(2026, 8, 14), 1, "2026-08-17 16:00"),
    "one after a saturday is monday": (STANDARD, date(2026, 8, 15), 1, "2026-08-17 16:00"),
    "zero on a working day is that day": (STANDARD, date(2026, 8, 14), 0, "2026-08-14 16:00"),
    "zero on a saturday is monday": (STANDARD, date(2026, 8, 15), 0, "2026-08-17 16:00"),
    "one across idul fitri": (WITH_IDUL_FITRI, date(2026, 3, 17), 1, "2026-03-25 16:00"),
    "the close of the last interval": (WITH_LUNCH, date(2026, 8, 14), 1, "2026-08-17 16:00"),
    "a short friday closes early": (REOPENED, date(2026, 8, 19), 1, "2026-08-21 11:00"),
    "a working saturday counts": (REOPENED, date(2026, 8, 21), 1, "2026-08-22 12:00"),
    "125 working days": (STANDARD, date(2026, 1, 2), 125, "2026-06-26 16:00"),
}


@pytest.mark.parametrize(("cal", "day", "n", "expected"), CLOSES.values(), ids=CLOSES.keys())
def test_close_of_the_nth_working_day_after_a_date(
    cal: OfficeCalendar, day: date, n: int, expected: str
) -> None:
    due = close_of_working_day(cal, day, n)
    assert due == at(expected)
    assert due.tzinfo is WIB


@pytest.mark.parametrize("n", [-1, 1.5, True, "3"], ids=["negative", "float", "bool", "string"])
def test_close_of_working_day_refuses_a_count_that_is_not_a_whole_number(n: object) -> None:
    with pytest.raises(CalendarError, match="whole number"):
        close_of_working_day(STANDARD, date(2026, 8, 14), n)  # type: ignore[arg-type]


def test_a_calendar_without_working_hours_fails_the_day_searches_instead_of_hanging() -> None:
    with pytest.raises(CalendarError, match="no working hours within 3700 days"):
        working_day_on_or_after(NEVER_OPEN, date(2026, 1, 1))
    with pytest.raises(CalendarError, match="no working hours within 3700 days"):
        close_of_working_day(NEVER_OPEN, date(2026, 1, 1), 2)
