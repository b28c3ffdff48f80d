from datetime import date, datetime, timedelta
from io import StringIO

import holidays
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konsultasi.offices.models import CalendarOverride

pytestmark = pytest.mark.usefixtures("english")


def deadline(*args) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip()


def test_three_working_days_skip_the_weekend_and_independence_day(office):
    assert (
        deadline("pekanbaru", "2026-08-14T10:00", "--working-days", "3")
        == "2026-08-20T16:00:00+07:00"
    )


def test_twenty_office_minutes_from_friday_1555_end_on_the_next_working_day(office):
    assert (
        deadline("pekanbaru", "2026-08-14T15:55", "--office-minutes", "20")
        == "2026-08-18T08:15:00+07:00"
    )


def test_an_office_closure_moves_the_deadline(office):
    CalendarOverride.objects.create(
        office=office, date="2026-08-18", kind="closed", reason="Penutupan kantor"
    )
    assert (
        deadline("pekanbaru", "2026-08-14T10:00", "--working-days", "3")
        == "2026-08-21T16:00:00+07:00"
    )


def test_a_reopened_holiday_counts_as_a_working_day(office):
    CalendarOverride.objects.create(
        office=office, date="2026-08-17", kind="open", reason="Layanan khusus"
    )
    assert (
        deadline("pekanbaru", "2026-08-14T10:00", "--working-days", "3")
        == "2026-08-19T16:00:00+07:00"
    )


def test_a_start_with_an_offset_is_converted_to_office_time(office):
    assert (
        deadline("pekanbaru", "2026-08-14T08:55+00:00", "--office-minutes", "20")
        == "2026-08-18T08:15:00+07:00"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nowhere", "2026-08-14T10:00", "--working-days", "3"), "No office"),
        (("pekanbaru", "14/08/2026", "--working-days", "3"), "Not a date"),
        (("pekanbaru", "2026-08-14T10:00", "--working-days", "-1"), "0 or more"),
        (("pekanbaru", "2026-08-14T10:00", "--office-minutes", "-5"), "0 or more"),
        (("pekanbaru", "2026-08-14T10:00", "--working-days", "2001"), "at most 2,000"),
        (("pekanbaru", "2026-08-14T10:00", "--working-days", str(10**20)), "at most 2,000"),
        (("pekanbaru", "2026-08-14T10:00", "--office-minutes", "960001"), "at most 960,000"),
        (("pekanbaru", "2026-08-14T10:00", "--office-minutes", str(10**20)), "at most 960,000"),
        (("pekanbaru", "0001-01-01T10:00", "--working-days", "3"), "1946 to 2100"),
        (("pekanbaru", "1900-01-01T10:00", "--office-minutes", "20"), "1946 to 2100"),
        (("pekanbaru", "9998-06-01T10:00", "--working-days", "3"), "1946 to 2100"),
        (("pekanbaru", "9999-12-31T23:00-12:00", "--working-days", "3"), "cannot be used"),
        (("pekanbaru", "0001-01-01T00:30", "--office-minutes", "20"), "1946 to 2100"),
        (("pekanbaru", "2100-12-20T10:00", "--working-days", "20"), "beyond the calendar"),
    ],
    ids=[
        "unknown-office",
        "bad-date",
        "negative-days",
        "negative-minutes",
        "too-many-working-days",
        "astronomically-many-working-days",
        "too-many-office-minutes",
        "astronomically-many-office-minutes",
        "year-1",
        "before-the-known-holidays",
        "year-9998",
        "past-the-last-instant-python-knows",
        "the-first-day-python-knows",
        "past-the-last-year-of-known-holidays",
    ],
)
def test_bad_arguments_get_a_clear_message(office, args, message):
    with pytest.raises(CommandError, match=message):
        deadline(*args)


def working_days_after(start: date, n: int) -> date:
    """The n-th working day after `start`, counted the slow way: Monday to Friday without
    national holidays and collective leave."""
    years = range(start.year, start.year + n // 200 + 2)
    closed = holidays.country_holidays("ID", years=years, categories=("public", "government"))
    day = start
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5 and day not in closed
    return day


def test_working_days_years_ahead_skip_the_holidays_of_those_years(office):
    due = deadline("pekanbaru", "2026-08-14T10:00", "--working-days", "831")
    assert due == f"{working_days_after(date(2026, 8, 14), 831)}T16:00:00+07:00"
    assert not due.startswith("2030-01-01")  # New Year's Day, counted as a working day once


def test_the_longest_count_allowed_skips_every_holiday_on_the_way(office):
    due = deadline("pekanbaru", "2026-08-14T10:00", "--working-days", "2000")
    assert due == f"{working_days_after(date(2026, 8, 14), 2000)}T16:00:00+07:00"


def test_office_minutes_years_ahead_skip_the_holidays_of_those_years(office):
    # 831 working days of eight hours, from the opening of Monday 17 August... a holiday.
    due = deadline("pekanbaru", "2026-08-18T08:00", "--office-minutes", str(831 * 8 * 60))
    assert due == f"{working_days_after(date(2026, 8, 17), 831)}T16:00:00+07:00"


starts = st.one_of(
    st.datetimes(min_value=datetime(1940, 1, 1), max_value=datetime(2110, 12, 31)),
    st.datetimes(),
).map(lambda moment: moment.isoformat(timespec="minutes"))
offsets = st.sampled_from(["", "+00:00", "+07:00", "-12:00", "+14:00"])
amounts = st.one_of(st.integers(0, 3000), st.integers(0, 10**30))


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(starts, offsets, st.sampled_from(["--working-days", "--office-minutes"]), amounts)
def test_any_start_and_amount_gives_a_deadline_or_a_clear_message(
    office, start, offset, option, amount
):
    try:
        due = deadline("pekanbaru", start + offset, option, str(amount))
    except CommandError:
        return
    assert datetime.fromisoformat(due).tzinfo is not None
