"""is_open_at and next_opening: where an instant falls against the office hours."""

from datetime import UTC, datetime, time

import pytest

from konsultasi.sla import CalendarError, OfficeCalendar, is_open_at, next_opening
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

TOUCHING = OfficeCalendar(
    tz=WIB, weekly_hours=(((time(8), time(12)), (time(12), time(16))),) * 5 + ((), ())
)

# id: (calendar, instant, open?)
OPEN_AT = {
    "exactly at opening": (STANDARD, at("2026-08-17 08:00"), True),
    "exactly at closing": (STANDARD, at("2026-08-17 16:00"), False),
    "a microsecond before closing": (STANDARD, at("2026-08-17 15:59:59.999999"), True),
    "a minute before opening": (STANDARD, at("2026-08-17 07:59"), False),
    "saturday": (STANDARD, at("2026-08-15 10:00"), False),
    "a closed holiday": (WITH_INDEPENDENCE_DAY, at("2026-08-17 10:00"), False),
    "a reopened holiday morning": (REOPENED, at("2026-08-17 10:00"), True),
    "a reopened holiday afternoon": (REOPENED, at("2026-08-17 13:00"), False),
    "lunch": (WITH_LUNCH, at("2026-08-17 12:30"), False),
    "where two intervals touch": (TOUCHING, at("2026-08-17 12:00"), True),
    "utc 01:00 is 08:00 in jakarta": (STANDARD, at("2026-08-17 01:00", UTC), True),
    "makassar 08:30 is 07:30 in jakarta": (STANDARD, at("2026-08-17 08:30", WITA), False),
    "makassar 16:30 is 15:30 in jakarta": (STANDARD, at("2026-08-17 16:30", WITA), True),
    "makassar 17:00 is the jakarta closing": (STANDARD, at("2026-08-17 17:00", WITA), False),
}


@pytest.mark.parametrize(("cal", "instant", "expected"), OPEN_AT.values(), ids=OPEN_AT.keys())
def test_is_open_at(cal: OfficeCalendar, instant: datetime, expected: bool) -> None:
    assert is_open_at(cal, instant) is expected


# id: (calendar, instant, next opening in Jakarta time)
OPENINGS = {
    "open: the instant itself": (STANDARD, at("2026-08-17 10:00"), "2026-08-17 10:00"),
    "early morning": (STANDARD, at("2026-08-17 07:00"), "2026-08-17 08:00"),
    "exactly at closing": (STANDARD, at("2026-08-17 16:00"), "2026-08-18 08:00"),
    "friday night": (STANDARD, at("2026-08-14 20:00"), "2026-08-17 08:00"),
    "lunch": (WITH_LUNCH, at("2026-08-17 12:00"), "2026-08-17 13:00"),
    "past a holiday": (WITH_INDEPENDENCE_DAY, at("2026-08-16 09:00"), "2026-08-18 08:00"),
    "past idul fitri": (WITH_IDUL_FITRI, at("2026-03-17 17:00"), "2026-03-25 08:00"),
    "a utc instant comes back in jakarta time": (
        STANDARD,
        at("2026-08-17 03:00", UTC),
        "2026-08-17 10:00",
    ),
}


@pytest.mark.parametrize(("cal", "instant", "expected"), OPENINGS.values(), ids=OPENINGS.keys())
def test_next_opening(cal: OfficeCalendar, instant: datetime, expected: str) -> None:
    opening = next_opening(cal, instant)
    assert opening == at(expected)
    assert opening.tzinfo is cal.tz


def test_next_opening_on_a_calendar_without_hours_raises_instead_of_hanging() -> None:
    with pytest.raises(CalendarError, match="no working hours within 3700 days"):
        next_opening(NEVER_OPEN, at("2026-08-14 10:00"))
