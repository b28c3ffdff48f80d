"""An inbox's moment for tests: its instant, the office day around it, and whether that day is
a working one."""

from datetime import timedelta

from konsultasi.consultations.selectors import Moment


def moment_at(now, *, working_day=True) -> Moment:
    return Moment(
        now=now,
        day_start=now - timedelta(hours=2),
        day_close=now + timedelta(hours=8),
        today_is_working_day=working_day,
    )
