"""Office-time arithmetic on instants: opening checks, deadlines, elapsed office time.

All arithmetic runs on UTC instants: subtracting two datetimes that share a tzinfo compares
wall clocks, which is wrong across a daylight-saving change. Results come back in cal.tz.
The work walks the calendar one date and one interval at a time, never minute by minute.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from konsultasi.sla.office_calendar import (
    MAX_SEARCH_DAYS,
    ONE_DAY,
    CalendarError,
    OfficeCalendar,
    beyond_python_dates,
    check_covered,
    hours_on,
    no_hours_error,
    utc_instant,
    within_python_dates,
)

_Span = tuple[datetime, datetime]
"""One interval of office hours as UTC instants [opening, closing)."""

_ZERO = timedelta(0)
_MIDNIGHT = time(0)
_LATEST = datetime.max.replace(tzinfo=UTC)


def _utc(instant: object, what: str) -> datetime:
    if not isinstance(instant, datetime):
        raise CalendarError(f"{what} must be a datetime, got {instant!r}")
    if instant.utcoffset() is None:
        raise CalendarError(
            f"{what} is a naive datetime ({instant.isoformat()}); pass an aware one, "
            "e.g. with tzinfo=ZoneInfo('Asia/Jakarta')"
        )
    return instant.astimezone(UTC)


def _spans(cal: OfficeCalendar, d: date) -> list[_Span]:
    """The office hours of local date `d` as ordered, disjoint UTC spans.

    Spans are clipped to the date's own midnight-to-midnight window and to the previous
    span's end: around daylight-saving changes local times can map out of order, and
    clipping keeps every instant in at most one span, so measuring and walking agree.
    """
    hours = hours_on(cal, d)
    if not hours:
        return []
    floor = utc_instant(cal, d, _MIDNIGHT)
    ceiling = utc_instant(cal, d + ONE_DAY, _MIDNIGHT)
    spans: list[_Span] = []
    for opening, closing in hours:
        start = max(utc_instant(cal, d, opening), floor)
        end = min(utc_instant(cal, d, closing), ceiling)
        if end > start:
            spans.append((start, end))
            floor = end
    return spans


def _local_date(cal: OfficeCalendar, instant: datetime) -> date:
    return instant.astimezone(cal.tz).date()


def _spans_after(cal: OfficeCalendar, instant: datetime) -> Iterator[_Span]:
    """Every span that ends after `instant`, in order, for as long as the caller asks.

    Starts one date early because a repeated local hour can put an instant of date D
    on the wall clock of date D-1.
    """
    day = _local_date(cal, instant) - ONE_DAY
    idle_days = 0
    while True:
        check_covered(cal, day)
        spans = _spans(cal, day)
        for span in spans:
            if span[1] > instant:
                yield span
        idle_days = 0 if spans else idle_days + 1
        if idle_days > MAX_SEARCH_DAYS:
            raise no_hours_error(_local_date(cal, instant))
        day += ONE_DAY


@within_python_dates
def is_open_at(cal: OfficeCalendar, instant: datetime) -> bool:
    """Whether `instant` falls in [opening, closing) of some interval."""
    moment = _utc(instant, "instant")
    day = _local_date(cal, moment)
    return any(
        opening <= moment < closing
        for d in (day - ONE_DAY, day, day + ONE_DAY)
        for opening, closing in _spans(cal, d)
    )


@within_python_dates
def next_opening(cal: OfficeCalendar, instant: datetime) -> datetime:
    """`instant` itself (in cal.tz) if the office is open then, else its next opening."""
    moment = _utc(instant, "instant")
    opening, _ = next(_spans_after(cal, moment))
    return max(opening, moment).astimezone(cal.tz)


@within_python_dates
def add_office_time(cal: OfficeCalendar, start: datetime, amount: timedelta) -> datetime:
    """The instant at which `amount` of office time, counted from `start`, is used up.

    Time before the next opening does not count. An amount that runs out exactly at a
    closing returns that closing (15:40 + 20 min is 16:00, not 08:00 the next morning);
    a zero amount returns next_opening(start).
    """
    cursor = _utc(start, "start")
    if not isinstance(amount, timedelta):
        raise CalendarError(f"amount must be a timedelta, got {amount!r}")
    if amount < _ZERO:
        raise CalendarError(f"amount of office time must not be negative, got {amount}")
    if amount > _LATEST - cursor:
        # Office time never runs faster than the wall clock; no need to walk there to know.
        raise beyond_python_dates()
    remaining = amount
    spans = _spans_after(cal, cursor)
    while True:
        opening, closing = next(spans)
        begin = max(opening, cursor)
        available = closing - begin
        if remaining <= available:
            return (begin + remaining).astimezone(cal.tz)
        remaining -= available


@within_python_dates
def office_time_before(cal: OfficeCalendar, end: datetime, amount: timedelta) -> datetime:
    """The earliest instant from which at most `amount` of office time is left until `end`:
    the mirror of add_office_time, for warnings given a span of office time ahead of a
    deadline (5 office minutes before Monday 08:03 is Friday 15:58).

    Closed time just before the instant is left out: when exactly `amount` is used up at an
    opening, the answer is the closing before it, from where `amount` is left as well.
    """
    cursor = _utc(end, "end")
    if not isinstance(amount, timedelta):
        raise CalendarError(f"amount must be a timedelta, got {amount!r}")
    if amount < _ZERO:
        raise CalendarError(f"amount of office time must not be negative, got {amount}")
    remaining = amount
    for opening, closing in _spans_before(cal, cursor):
        top = min(closing, cursor)
        if remaining < top - opening:
            return (top - remaining).astimezone(cal.tz)
        remaining -= top - opening
        if remaining == _ZERO:
            cursor = opening  # used up at an opening: the previous closing is as early
    raise no_hours_error(_local_date(cal, cursor))  # pragma: no cover - bounded above


def _spans_before(cal: OfficeCalendar, instant: datetime) -> Iterator[_Span]:
    """Every span that starts before `instant`, latest first; the mirror of _spans_after."""
    day = _local_date(cal, instant) + ONE_DAY
    idle_days = 0
    while True:  # an OverflowError past year 1 reaches the caller as BeyondCalendar
        spans = _spans(cal, day)
        for span in reversed(spans):
            if span[0] < instant:
                yield span
        idle_days = 0 if spans else idle_days + 1
        if idle_days > MAX_SEARCH_DAYS:
            raise no_hours_error(_local_date(cal, instant))
        day -= ONE_DAY


@within_python_dates
def office_time_between(cal: OfficeCalendar, start: datetime, end: datetime) -> timedelta:
    """Office time within [start, end); zero when end <= start."""
    low, high = _utc(start, "start"), _utc(end, "end")
    if high <= low:
        return _ZERO
    check_covered(cal, _local_date(cal, high))
    total = _ZERO
    # One date of margin each side, for the same repeated-hour reason as _spans_after.
    day = _local_date(cal, low) - ONE_DAY
    last = _local_date(cal, high) + ONE_DAY
    while day <= last:
        for opening, closing in _spans(cal, day):
            overlap = min(closing, high) - max(opening, low)
            if overlap > _ZERO:
                total += overlap
        day += ONE_DAY
    return total


@within_python_dates
def paused_office_time(
    cal: OfficeCalendar, pauses: Iterable[tuple[datetime, datetime]]
) -> timedelta:
    """Office time covered by the pauses, counting overlapping pauses once."""
    merged: list[list[datetime]] = []
    for low, high in sorted(_checked_pause(pause) for pause in pauses):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return sum((office_time_between(cal, low, high) for low, high in merged), _ZERO)


def _checked_pause(pause: tuple[datetime, datetime]) -> _Span:
    try:
        started, ended = pause
    except (TypeError, ValueError):
        raise CalendarError(f"a pause must be a (start, end) pair, got {pause!r}") from None
    if ended is None:
        raise CalendarError("a pause still running (end is None) must be closed before counting")
    low, high = _utc(started, "pause start"), _utc(ended, "pause end")
    if high < low:
        raise CalendarError(f"a pause cannot end before it starts: {started} .. {ended}")
    return low, high
