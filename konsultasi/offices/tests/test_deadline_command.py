from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from konsultasi.offices.models import CalendarOverride


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
    ],
    ids=["unknown-office", "bad-date", "negative-days", "negative-minutes"],
)
def test_bad_arguments_get_a_clear_message(office, args, message):
    with pytest.raises(CommandError, match=message):
        deadline(*args)
