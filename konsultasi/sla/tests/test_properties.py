"""Laws of office time, checked on random calendars, instants and amounts."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from konsultasi.sla import (
    Interval,
    OfficeCalendar,
    add_office_time,
    close_of_working_day,
    hours_on,
    is_open_at,
    is_working_day,
    next_opening,
    office_time_between,
    paused_office_time,
)
from konsultasi.sla.tests.helpers import WIB, WITA

# No example database, and derandomize: every run, locally or in CI, tries the same examples.
PROPERTY = settings(max_examples=150, deadline=None, database=None, derandomize=True)

OFFICE_ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"]
WINDOW_START, WINDOW_END = date(2026, 1, 1), date(2026, 5, 31)

MINUTE = timedelta(minutes=1)


@st.composite
def day_hours(draw: st.DrawFn) -> tuple[Interval, ...]:
    """Zero to three disjoint intervals on a minute grid."""
    points = sorted(draw(st.lists(st.integers(0, 24 * 60 - 1), unique=True, max_size=6)))
    pairs = zip(points[::2], points[1::2], strict=False)
    return tuple((time(a // 60, a % 60), time(b // 60, b % 60)) for a, b in pairs)


@st.composite
def calendars(draw: st.DrawFn) -> OfficeCalendar:
    window = st.dates(WINDOW_START, WINDOW_END)
    return OfficeCalendar(
        tz=ZoneInfo(draw(st.sampled_from(OFFICE_ZONES))),
        weekly_hours=tuple(draw(st.lists(day_hours(), min_size=7, max_size=7).filter(any))),
        closed_dates=draw(st.frozensets(window, max_size=40)),
        date_hours=draw(st.dictionaries(window, day_hours(), max_size=6)),
    )


instants = st.datetimes(
    min_value=datetime(2025, 12, 20),  # hypothesis takes naive bounds
    max_value=datetime(2026, 6, 10),
    timezones=st.sampled_from([UTC, WIB, WITA]),
)
amounts = st.integers(0, 2000).map(lambda minutes: minutes * MINUTE)
positive_amounts = st.integers(1, 2000).map(lambda minutes: minutes * MINUTE)
spans = st.integers(0, 5000).map(lambda minutes: minutes * MINUTE)


@PROPERTY
@given(calendars(), instants, amounts)
def test_office_time_between_the_opening_and_the_deadline_is_the_amount_added(
    cal: OfficeCalendar, start: datetime, amount: timedelta
) -> None:
    due = add_office_time(cal, start, amount)
    assert office_time_between(cal, next_opening(cal, start), due) == amount


@PROPERTY
@given(calendars(), instants, amounts, positive_amounts)
def test_adding_in_two_steps_is_adding_the_sum(
    cal: OfficeCalendar, start: datetime, first: timedelta, second: timedelta
) -> None:
    # `second` is positive: a zero amount means "the next opening", so adding zero at a
    # closing time moves to the next morning by design.
    in_steps = add_office_time(cal, add_office_time(cal, start, first), second)
    assert in_steps == add_office_time(cal, start, first + second)


@PROPERTY
@given(calendars(), instants, spans, spans)
def test_office_time_over_consecutive_periods_adds_up(
    cal: OfficeCalendar, a: datetime, ab: timedelta, bc: timedelta
) -> None:
    b, c = a + ab, a + ab + bc
    assert office_time_between(cal, a, b) + office_time_between(cal, b, c) == (
        office_time_between(cal, a, c)
    )


@PROPERTY
@given(calendars(), instants, positive_amounts)
def test_a_deadline_is_never_inside_a_closed_period(
    cal: OfficeCalendar, start: datetime, amount: timedelta
) -> None:
    due = add_office_time(cal, start, amount)
    local = due.astimezone(cal.tz)
    closings = {closing for _, closing in hours_on(cal, local.date())}
    assert is_open_at(cal, due) or local.time() in closings


@PROPERTY
@given(calendars(), instants, amounts, amounts)
def test_a_larger_amount_never_gives_an_earlier_deadline(
    cal: OfficeCalendar, start: datetime, a: timedelta, b: timedelta
) -> None:
    smaller, larger = sorted((a, b))
    assert add_office_time(cal, start, smaller) <= add_office_time(cal, start, larger)


@PROPERTY
@given(calendars(), instants, spans)
def test_office_time_never_exceeds_elapsed_time(
    cal: OfficeCalendar, start: datetime, elapsed: timedelta
) -> None:
    assert timedelta(0) <= office_time_between(cal, start, start + elapsed) <= elapsed


@PROPERTY
@given(calendars(), st.dates(WINDOW_START, WINDOW_END), st.integers(0, 15))
def test_the_close_of_the_nth_working_day_is_the_last_closing_of_a_working_day(
    cal: OfficeCalendar, day: date, n: int
) -> None:
    due = close_of_working_day(cal, day, n)
    local = due.astimezone(cal.tz)
    assert is_working_day(cal, local.date())
    assert local.time() == hours_on(cal, local.date())[-1][1]
    assert local.date() > day if n else local.date() >= day


@PROPERTY
@given(calendars(), st.dates(WINDOW_START, WINDOW_END), st.integers(0, 15))
def test_one_more_working_day_closes_later(cal: OfficeCalendar, day: date, n: int) -> None:
    later = close_of_working_day(cal, day, n + 1)
    if n == 0 and not is_working_day(cal, day):
        # Both mean "the first working day after a closed day".
        assert later == close_of_working_day(cal, day, 0)
    else:
        assert later > close_of_working_day(cal, day, n)


def _union(pauses: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(pauses):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@PROPERTY
@given(calendars(), st.lists(st.tuples(instants, spans), max_size=6))
def test_overlapping_pauses_count_as_their_union(
    cal: OfficeCalendar, drawn: list[tuple[datetime, timedelta]]
) -> None:
    pauses = [(start, start + length) for start, length in drawn]
    union = _union(pauses)
    paused = paused_office_time(cal, pauses)
    assert paused == paused_office_time(cal, union)
    assert paused == sum((office_time_between(cal, s, e) for s, e in union), timedelta(0))
    assert paused == paused_office_time(cal, pauses + pauses[::-1])
