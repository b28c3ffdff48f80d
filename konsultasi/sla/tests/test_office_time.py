"""Office time on instants: opening checks, deadlines, elapsed office time and pauses."""

import time as wall_clock
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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
    UTC,
    WIB,
    WITA,
    WITH_IDUL_FITRI,
    WITH_INDEPENDENCE_DAY,
    WITH_LUNCH,
    wib,
)

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
MICROSECOND = timedelta(microseconds=1)

TOUCHING = OfficeCalendar(
    tz=WIB, weekly_hours=(((time(8), time(12)), (time(12), time(16))),) * 5 + ((), ())
)


@pytest.mark.parametrize(
    ("cal", "start", "amount", "expected"),
    [
        pytest.param(
            STANDARD,
            wib(2026, 8, 14, 15, 55),
            20 * MINUTE,
            wib(2026, 8, 17, 8, 15),
            id="friday 15:55 plus 20 min ends monday 08:15",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 15, 10),
            30 * MINUTE,
            wib(2026, 8, 17, 8, 30),
            id="a saturday start counts from monday 08:00",
        ),
        pytest.param(
            WITH_INDEPENDENCE_DAY,
            wib(2026, 8, 14, 15),
            2 * HOUR,
            wib(2026, 8, 18, 9),
            id="a monday holiday pushes the deadline to tuesday",
        ),
        pytest.param(
            WITH_IDUL_FITRI,
            wib(2026, 3, 17, 15),
            2 * HOUR,
            wib(2026, 3, 25, 9),
            id="the idul fitri closure is skipped whole",
        ),
        pytest.param(
            WITH_IDUL_FITRI,
            wib(2026, 3, 20, 10),
            3 * 8 * HOUR,
            wib(2026, 3, 27, 16),
            id="three office days asked during idul fitri end friday after it",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 13, 15, 40),
            20 * MINUTE,
            wib(2026, 8, 13, 16),
            id="used up exactly at closing returns the closing",
        ),
        pytest.param(
            WITH_LUNCH,
            wib(2026, 8, 18, 11, 30),
            HOUR,
            wib(2026, 8, 18, 13, 30),
            id="the lunch break is skipped",
        ),
        pytest.param(
            WITH_LUNCH,
            wib(2026, 8, 18, 11, 30),
            30 * MINUTE,
            wib(2026, 8, 18, 12),
            id="used up at the start of lunch returns noon",
        ),
        pytest.param(
            WITH_LUNCH,
            wib(2026, 8, 18, 12, 15),
            HOUR,
            wib(2026, 8, 18, 14),
            id="a start during lunch counts from 13:00",
        ),
        pytest.param(
            TOUCHING,
            wib(2026, 8, 18, 11),
            2 * HOUR,
            wib(2026, 8, 18, 13),
            id="touching intervals run straight through",
        ),
        pytest.param(
            REOPENED,
            wib(2026, 8, 14, 15),
            2 * HOUR,
            wib(2026, 8, 17, 9),
            id="date hours reopen a closed holiday",
        ),
        pytest.param(
            REOPENED,
            wib(2026, 8, 21, 10, 30),
            HOUR,
            wib(2026, 8, 22, 8, 30),
            id="a short friday spills into a working saturday",
        ),
        pytest.param(
            REOPENED,
            wib(2026, 8, 19, 15),
            2 * HOUR,
            wib(2026, 8, 21, 9),
            id="a weekday closed by date hours is skipped",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 17, 8),
            HOUR,
            wib(2026, 8, 17, 9),
            id="a start exactly at opening counts at once",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 17, 16),
            HOUR,
            wib(2026, 8, 18, 9),
            id="a start exactly at closing counts from the next opening",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 17, 15, 59, 59, 999_999),
            MICROSECOND,
            wib(2026, 8, 17, 16),
            id="one microsecond before closing plus one microsecond is the closing",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 17, 15, 59, 59, 999_999),
            2 * MICROSECOND,
            wib(2026, 8, 18, 8, 0, 0, 1),
            id="one microsecond before closing plus two spills to the next morning",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 14, 17),
            timedelta(0),
            wib(2026, 8, 17, 8),
            id="zero amount after hours is the next opening",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 14, 10),
            timedelta(0),
            wib(2026, 8, 14, 10),
            id="zero amount in hours is the start itself",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 14, 16),
            timedelta(0),
            wib(2026, 8, 17, 8),
            id="zero amount at closing is the next opening",
        ),
        pytest.param(
            STANDARD,
            wib(2026, 1, 5, 8),
            1000 * HOUR,
            wib(2026, 6, 26, 16),
            id="a thousand hours are 125 working days",
        ),
    ],
)
def test_add_office_time(
    cal: OfficeCalendar, start: datetime, amount: timedelta, expected: datetime
) -> None:
    due = add_office_time(cal, start, amount)
    assert due == expected
    assert due.tzinfo is cal.tz


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(wib(2026, 8, 14, 15, 55), id="jakarta"),
        pytest.param(datetime(2026, 8, 14, 8, 55, tzinfo=UTC), id="utc"),
        pytest.param(datetime(2026, 8, 14, 16, 55, tzinfo=WITA), id="makassar"),
    ],
)
def test_the_same_instant_in_any_zone_gives_the_same_deadline_in_office_time(
    start: datetime,
) -> None:
    due = add_office_time(STANDARD, start, 20 * MINUTE)
    assert due == wib(2026, 8, 17, 8, 15)
    assert due.tzinfo is WIB
    assert due.hour == 8


def test_a_makassar_office_counts_in_its_own_hours() -> None:
    cal = OfficeCalendar.standard("Asia/Makassar")
    due = add_office_time(cal, wib(2026, 8, 14, 14, 55), 20 * MINUTE)
    assert due == datetime(2026, 8, 17, 8, 15, tzinfo=WITA)


def test_a_thousand_hours_take_milliseconds_not_seconds() -> None:
    began = wall_clock.perf_counter()
    add_office_time(WITH_LUNCH, wib(2026, 1, 5, 8), 1000 * HOUR)
    assert wall_clock.perf_counter() - began < 0.5


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(CalendarError, match="must not be negative"):
        add_office_time(STANDARD, wib(2026, 8, 14, 10), -MINUTE)


def test_an_amount_that_is_not_a_timedelta_is_refused() -> None:
    with pytest.raises(CalendarError, match="must be a timedelta"):
        add_office_time(STANDARD, wib(2026, 8, 14, 10), 20)  # type: ignore[arg-type]


NAIVE = datetime(2026, 8, 14, 10)  # noqa: DTZ001 - naive on purpose


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: add_office_time(STANDARD, NAIVE, MINUTE), id="add_office_time"),
        pytest.param(lambda: next_opening(STANDARD, NAIVE), id="next_opening"),
        pytest.param(lambda: is_open_at(STANDARD, NAIVE), id="is_open_at"),
        pytest.param(
            lambda: office_time_between(STANDARD, wib(2026, 8, 14), NAIVE),
            id="office_time_between",
        ),
        pytest.param(
            lambda: paused_office_time(STANDARD, [(NAIVE, wib(2026, 8, 15))]),
            id="paused_office_time",
        ),
    ],
)
def test_a_naive_datetime_is_refused(call: object) -> None:
    with pytest.raises(CalendarError, match="naive datetime"):
        call()  # type: ignore[operator]


def test_a_date_instead_of_a_datetime_is_refused() -> None:
    with pytest.raises(CalendarError, match="must be a datetime"):
        next_opening(STANDARD, date(2026, 8, 14))  # type: ignore[arg-type]


def test_a_calendar_without_working_hours_raises_instead_of_hanging() -> None:
    with pytest.raises(CalendarError, match="no working hours within 3700 days"):
        next_opening(NEVER_OPEN, wib(2026, 8, 14))
    with pytest.raises(CalendarError, match="no working hours within 3700 days"):
        add_office_time(NEVER_OPEN, wib(2026, 8, 14), HOUR)


def test_office_time_running_past_year_9999_is_refused() -> None:
    with pytest.raises(CalendarError, match="past the last date"):
        add_office_time(STANDARD, wib(9999, 12, 1, 8), 1000 * HOUR)


@pytest.mark.parametrize(
    ("cal", "instant", "expected"),
    [
        pytest.param(STANDARD, wib(2026, 8, 17, 8), True, id="exactly at opening"),
        pytest.param(STANDARD, wib(2026, 8, 17, 16), False, id="exactly at closing"),
        pytest.param(
            STANDARD, wib(2026, 8, 17, 15, 59, 59, 999_999), True, id="a microsecond before closing"
        ),
        pytest.param(STANDARD, wib(2026, 8, 17, 7, 59), False, id="before opening"),
        pytest.param(STANDARD, wib(2026, 8, 15, 10), False, id="saturday"),
        pytest.param(WITH_INDEPENDENCE_DAY, wib(2026, 8, 17, 10), False, id="holiday"),
        pytest.param(REOPENED, wib(2026, 8, 17, 10), True, id="reopened holiday morning"),
        pytest.param(REOPENED, wib(2026, 8, 17, 13), False, id="reopened holiday afternoon"),
        pytest.param(WITH_LUNCH, wib(2026, 8, 17, 12, 30), False, id="lunch"),
        pytest.param(TOUCHING, wib(2026, 8, 17, 12), True, id="where intervals touch"),
        pytest.param(
            STANDARD, datetime(2026, 8, 17, 1, tzinfo=UTC), True, id="utc 01:00 is 08:00 in jakarta"
        ),
        pytest.param(
            STANDARD, datetime(2026, 8, 17, 8, 30, tzinfo=WITA), False, id="makassar 08:30 is 07:30"
        ),
        pytest.param(
            STANDARD, datetime(2026, 8, 17, 16, 30, tzinfo=WITA), True, id="makassar 16:30 is 15:30"
        ),
        pytest.param(
            STANDARD, datetime(2026, 8, 17, 17, tzinfo=WITA), False, id="makassar 17:00 is closing"
        ),
    ],
)
def test_is_open_at(cal: OfficeCalendar, instant: datetime, expected: bool) -> None:
    assert is_open_at(cal, instant) is expected


@pytest.mark.parametrize(
    ("cal", "instant", "expected"),
    [
        pytest.param(STANDARD, wib(2026, 8, 17, 10), wib(2026, 8, 17, 10), id="open: itself"),
        pytest.param(STANDARD, wib(2026, 8, 17, 7), wib(2026, 8, 17, 8), id="early morning"),
        pytest.param(STANDARD, wib(2026, 8, 17, 16), wib(2026, 8, 18, 8), id="at closing"),
        pytest.param(STANDARD, wib(2026, 8, 14, 20), wib(2026, 8, 17, 8), id="friday night"),
        pytest.param(WITH_LUNCH, wib(2026, 8, 17, 12), wib(2026, 8, 17, 13), id="lunch"),
        pytest.param(
            WITH_INDEPENDENCE_DAY, wib(2026, 8, 16, 9), wib(2026, 8, 18, 8), id="past a holiday"
        ),
        pytest.param(
            WITH_IDUL_FITRI, wib(2026, 3, 17, 17), wib(2026, 3, 25, 8), id="past idul fitri"
        ),
        pytest.param(
            STANDARD,
            datetime(2026, 8, 17, 3, tzinfo=UTC),
            wib(2026, 8, 17, 10),
            id="utc instant comes back in jakarta time",
        ),
    ],
)
def test_next_opening(cal: OfficeCalendar, instant: datetime, expected: datetime) -> None:
    opening = next_opening(cal, instant)
    assert opening == expected
    assert opening.tzinfo is cal.tz


@pytest.mark.parametrize(
    ("cal", "start", "end", "expected"),
    [
        pytest.param(STANDARD, wib(2026, 8, 17, 9), wib(2026, 8, 17, 11), 2 * HOUR, id="same day"),
        pytest.param(
            STANDARD, wib(2026, 8, 17, 15), wib(2026, 8, 18, 9), 2 * HOUR, id="across a night"
        ),
        pytest.param(
            STANDARD,
            wib(2026, 8, 14, 15, 55),
            wib(2026, 8, 17, 8, 15),
            20 * MINUTE,
            id="across a weekend",
        ),
        pytest.param(
            WITH_INDEPENDENCE_DAY,
            wib(2026, 8, 14, 8),
            wib(2026, 8, 19, 8),
            16 * HOUR,
            id="a holiday counts nothing",
        ),
        pytest.param(
            WITH_LUNCH, wib(2026, 8, 17, 8), wib(2026, 8, 17, 16), 7 * HOUR, id="lunch excluded"
        ),
        pytest.param(
            STANDARD, wib(2026, 8, 17, 11), wib(2026, 8, 17, 9), timedelta(0), id="end before start"
        ),
        pytest.param(STANDARD, wib(2026, 8, 17, 9), wib(2026, 8, 17, 9), timedelta(0), id="empty"),
        pytest.param(
            STANDARD,
            datetime(2026, 8, 17, 2, tzinfo=UTC),
            datetime(2026, 8, 17, 11, tzinfo=WITA),
            HOUR,
            id="ends in other zones",
        ),
    ],
)
def test_office_time_between(
    cal: OfficeCalendar, start: datetime, end: datetime, expected: timedelta
) -> None:
    assert office_time_between(cal, start, end) == expected


@pytest.mark.parametrize(
    ("pauses", "expected"),
    [
        pytest.param([], timedelta(0), id="no pauses"),
        pytest.param(
            [(wib(2026, 8, 17, 15), wib(2026, 8, 18, 9))],
            2 * HOUR,
            id="paused monday 15:00 resumed tuesday 09:00 counts two hours",
        ),
        pytest.param(
            [
                (wib(2026, 8, 17, 9), wib(2026, 8, 17, 11)),
                (wib(2026, 8, 17, 10), wib(2026, 8, 17, 12)),
            ],
            3 * HOUR,
            id="overlapping pauses count once",
        ),
        pytest.param(
            [
                (wib(2026, 8, 17, 13), wib(2026, 8, 17, 14)),
                (wib(2026, 8, 17, 9), wib(2026, 8, 17, 10)),
            ],
            2 * HOUR,
            id="pauses in any order",
        ),
        pytest.param(
            [
                (wib(2026, 8, 17, 9), wib(2026, 8, 17, 12)),
                (wib(2026, 8, 17, 10), wib(2026, 8, 17, 11)),
            ],
            3 * HOUR,
            id="a pause inside another",
        ),
        pytest.param(
            [(wib(2026, 8, 14, 17), wib(2026, 8, 17, 7))], timedelta(0), id="over a weekend only"
        ),
        pytest.param([(wib(2026, 8, 17, 9), wib(2026, 8, 17, 9))], timedelta(0), id="zero length"),
    ],
)
def test_paused_office_time(pauses: list[tuple[datetime, datetime]], expected: timedelta) -> None:
    assert paused_office_time(STANDARD, pauses) == expected


def test_a_pause_still_running_is_refused() -> None:
    with pytest.raises(CalendarError, match="end is None"):
        paused_office_time(STANDARD, [(wib(2026, 8, 17, 9), None)])  # type: ignore[list-item]


def test_a_pause_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(CalendarError, match="cannot end before it starts"):
        paused_office_time(STANDARD, [(wib(2026, 8, 17, 10), wib(2026, 8, 17, 9))])


def test_a_pause_that_is_not_a_pair_is_refused() -> None:
    with pytest.raises(CalendarError, match=r"\(start, end\) pair"):
        paused_office_time(STANDARD, [wib(2026, 8, 17, 10)])  # type: ignore[list-item]


BERLIN = ZoneInfo("Europe/Berlin")
NIGHT_DESK = OfficeCalendar(tz=BERLIN, weekly_hours=(((time(1), time(4)),),) * 7)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 3, 29), 2 * HOUR, id="spring forward loses an hour"),
        pytest.param(date(2026, 3, 30), 3 * HOUR, id="an ordinary night"),
        pytest.param(date(2026, 10, 25), 4 * HOUR, id="fall back repeats an hour"),
    ],
)
def test_office_time_across_a_daylight_saving_change_is_real_elapsed_time(
    day: date, expected: timedelta
) -> None:
    opens = datetime.combine(day, time(1), tzinfo=BERLIN)
    closes = datetime.combine(day, time(4), tzinfo=BERLIN)
    assert office_time_between(NIGHT_DESK, opens, closes) == expected


def test_a_deadline_across_spring_forward_skips_the_missing_hour() -> None:
    due = add_office_time(NIGHT_DESK, datetime(2026, 3, 29, 1, tzinfo=BERLIN), 90 * MINUTE)
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (due.hour, due.minute) == (3, 30)


def test_an_interval_swallowed_by_the_missing_hour_counts_nothing() -> None:
    # 02:30 does not exist that night and is read as 03:30, after the 03:15 closing.
    cal = OfficeCalendar(tz=BERLIN, weekly_hours=(((time(2, 30), time(3, 15)),),) * 7)
    night = datetime(2026, 3, 29, 0, tzinfo=BERLIN)
    assert office_time_between(cal, night, night + 6 * HOUR) == timedelta(0)
    assert next_opening(cal, night) == datetime(2026, 3, 30, 2, 30, tzinfo=BERLIN)
