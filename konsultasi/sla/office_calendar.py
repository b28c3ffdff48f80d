"""The office calendar: which local hours an office is open on each date.

Everything here works on whole dates; instants and durations live in `office_time`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from types import MappingProxyType
from typing import ParamSpec, TypeVar, cast
from zoneinfo import ZoneInfo

Interval = tuple[time, time]
"""Local (opening, closing) on one date; opening < closing, so never across midnight."""

MAX_SEARCH_DAYS = 3_700
"""Forward searches give up after this many days (about ten years) without office hours, so a
calendar with no hours at all fails loudly instead of looping forever."""

ONE_DAY = timedelta(days=1)
DEFAULT_OPENS = time(8)
DEFAULT_CLOSES = time(16)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CalendarError(ValueError):
    """An office calendar, or a question asked of it, does not make sense."""


class BeyondCalendar(CalendarError):
    """The answer lies past the last date the calendar covers, or outside the dates Python
    can represent at all: computing it anyway would silently miss holidays, or crash."""


def no_hours_error(since: date) -> CalendarError:
    return CalendarError(f"no working hours within {MAX_SEARCH_DAYS} days after {since}")


def beyond_python_dates() -> BeyondCalendar:
    return BeyondCalendar("beyond the dates Python can represent (years 1 to 9999)")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def within_python_dates(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Date arithmetic overflows only at the ends of Python's dates (years 1 and 9999); the
    caller then hears BeyondCalendar, like any other question the calendar cannot answer."""

    @functools.wraps(function)
    def checked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except OverflowError:
            raise beyond_python_dates() from None

    return checked


@dataclass(frozen=True)
class OfficeCalendar:
    """Weekly hours, closed dates and per-date overrides of one office, in its time zone.

    `date_hours` wins over `closed_dates`, which wins over `weekly_hours`; an empty tuple in
    `date_hours` closes that date. `covers_until` is the last date whose holidays the calendar
    knows (None: every date); searches and measurements past it raise BeyondCalendar rather
    than count a holiday as a working day. Inputs are normalised to tuples, a frozenset and a
    read-only mapping, so equal calendars compare equal and can be hashed (e.g. as a cache
    key).
    """

    tz: ZoneInfo
    weekly_hours: tuple[tuple[Interval, ...], ...]
    closed_dates: frozenset[date] = frozenset()
    # Left out of the hash because a mapping has none; equality still compares it.
    date_hours: Mapping[date, tuple[Interval, ...]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    covers_until: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.tz, tzinfo):
            raise CalendarError(
                f"tz must be a time zone such as ZoneInfo('Asia/Jakarta'), got {self.tz!r}"
            )
        weekly = _as_tuple(self.weekly_hours, "weekly_hours")
        if len(weekly) != 7:
            raise CalendarError(
                f"weekly_hours needs exactly 7 entries (Monday to Sunday), got {len(weekly)}"
            )
        checked_weekly = tuple(
            _checked_intervals(hours, _WEEKDAYS[weekday]) for weekday, hours in enumerate(weekly)
        )
        closed = frozenset(
            _checked_date(d, "closed_dates") for d in _as_tuple(self.closed_dates, "closed_dates")
        )
        if not isinstance(self.date_hours, Mapping):
            raise CalendarError(
                f"date_hours must be a mapping of date to intervals, got {self.date_hours!r}"
            )
        overrides = {
            _checked_date(d, "date_hours"): _checked_intervals(hours, f"date_hours[{d}]")
            for d, hours in self.date_hours.items()
        }
        if self.covers_until is not None:
            _checked_date(self.covers_until, "covers_until")
        # The dataclass is frozen; normalising in place is the documented escape hatch.
        object.__setattr__(self, "weekly_hours", checked_weekly)
        object.__setattr__(self, "closed_dates", closed)
        object.__setattr__(self, "date_hours", MappingProxyType(overrides))

    @classmethod
    def standard(
        cls,
        tz_name: str = "Asia/Jakarta",
        opens: time = DEFAULT_OPENS,
        closes: time = DEFAULT_CLOSES,
        closed_dates: frozenset[date] = frozenset(),
        covers_until: date | None = None,
    ) -> OfficeCalendar:
        """Monday to Friday `opens`–`closes` in one stretch; Saturday and Sunday closed."""
        workday: tuple[Interval, ...] = ((opens, closes),)
        return cls(
            tz=ZoneInfo(tz_name),
            weekly_hours=(workday,) * 5 + ((), ()),
            closed_dates=frozenset(closed_dates),
            covers_until=covers_until,
        )


def _as_tuple(value: object, what: str) -> tuple[object, ...]:
    # Strings are iterable but always a mistake here.
    if isinstance(value, str | bytes):
        raise CalendarError(f"{what} must be a collection, got {value!r}")
    try:
        return tuple(value)  # type: ignore[arg-type]
    except TypeError:
        raise CalendarError(f"{what} must be a collection, got {value!r}") from None


def _checked_date(value: object, what: str) -> date:
    # A datetime is a date subclass but never equal to one, so it would silently never match.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise CalendarError(f"expected a date for {what}, got {value!r}")
    return value


def _checked_intervals(value: object, where: str) -> tuple[Interval, ...]:
    checked: list[Interval] = []
    for item in _as_tuple(value, f"{where} hours"):
        pair = _as_tuple(item, f"{where} interval")
        if len(pair) != 2 or not all(isinstance(t, time) for t in pair):
            raise CalendarError(f"{where}: {item!r} is not an (opening, closing) pair of times")
        opening, closing = cast(Interval, pair)
        if opening.tzinfo is not None or closing.tzinfo is not None:
            raise CalendarError(f"{where}: interval times must be naive; the calendar's tz applies")
        if opening >= closing:
            raise CalendarError(
                f"{where}: interval {opening}-{closing} must open before it closes "
                "(intervals may not cross midnight)"
            )
        if checked and opening < checked[-1][0]:
            raise CalendarError(f"{where}: intervals must be sorted by opening time")
        if checked and opening < checked[-1][1]:
            raise CalendarError(
                f"{where}: interval {opening}-{closing} overlaps {checked[-1][0]}-{checked[-1][1]}"
            )
        checked.append((opening, closing))
    return tuple(checked)


def check_covered(cal: OfficeCalendar, d: date) -> None:
    """Refuse to answer for a date whose holidays the calendar does not know."""
    if cal.covers_until is not None and d > cal.covers_until:
        raise BeyondCalendar(
            f"{d} is beyond the calendar, which covers dates up to {cal.covers_until}"
        )


def hours_on(cal: OfficeCalendar, d: date) -> tuple[Interval, ...]:
    """The local opening hours of date `d`, after overrides and closures."""
    d = _checked_date(d, "the day")
    if d in cal.date_hours:
        return cal.date_hours[d]
    if d in cal.closed_dates:
        return ()
    return cal.weekly_hours[d.weekday()]


def is_working_day(cal: OfficeCalendar, d: date) -> bool:
    return bool(hours_on(cal, d))


@within_python_dates
def working_day_on_or_after(cal: OfficeCalendar, d: date) -> date:
    """`d` itself if the office opens that day, else the next date it does."""
    day = _checked_date(d, "the day")
    for _ in range(MAX_SEARCH_DAYS):
        check_covered(cal, day)
        if hours_on(cal, day):
            return day
        day += ONE_DAY
    raise no_hours_error(d)


@within_python_dates
def close_of_working_day(cal: OfficeCalendar, day: date, n: int) -> datetime:
    """Closing time of the n-th working day strictly after `day`.

    n == 0 means the close of `day` if it is a working day, else of the next working day.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise CalendarError(f"n must be a whole number of working days >= 0, got {n!r}")
    if n == 0:
        current = working_day_on_or_after(cal, day)
    else:
        current = _checked_date(day, "the day")
        # Each working day is a later date, so n of them need at least n dates: refuse a
        # count that cannot fit at once instead of walking to the end of the calendar.
        last = cal.covers_until or date.max
        if n > (last - current).days:
            if cal.covers_until is None:
                raise beyond_python_dates()
            raise BeyondCalendar(
                f"{n} working days after {current} are beyond the calendar, "
                f"which covers dates up to {last}"
            )
        for _ in range(n):
            current = working_day_on_or_after(cal, current + ONE_DAY)
    closing = hours_on(cal, current)[-1][1]
    return utc_instant(cal, current, closing).astimezone(cal.tz)


def utc_instant(cal: OfficeCalendar, d: date, t: time) -> datetime:
    """Local wall time `t` on `d` as a UTC instant.

    A wall time that does not exist (a daylight-saving gap) is read with the offset before
    the gap, as zoneinfo does, so every function agrees on where that time is.
    """
    return datetime.combine(d, t, tzinfo=cal.tz).astimezone(UTC)
