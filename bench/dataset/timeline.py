"""An office's working hours laid end to end, for drawing the history of a million
consultations quickly.

A position is a number of office seconds since the first opening of the span; instants are
POSIX timestamps. Walking from one position to another is one bisection, where the real office
time arithmetic (`konsultasi.sla`) walks the calendar day by day: the generator uses this for
the past (when things happened) and the real code for every deadline column it stores."""

from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta

from konsultasi import sla


class Timeline:
    def __init__(self, cal: sla.OfficeCalendar, first: date, last: date):
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.before: list[float] = []  # office seconds before each span
        self.day_of_span: list[date] = []
        total = 0.0
        day = first
        while day <= last:
            for opening, closing in sla.hours_on(cal, day):
                start = datetime.combine(day, opening, tzinfo=cal.tz).timestamp()
                end = datetime.combine(day, closing, tzinfo=cal.tz).timestamp()
                self.starts.append(start)
                self.ends.append(end)
                self.before.append(total)
                self.day_of_span.append(day)
                total += end - start
            day += timedelta(days=1)
        self.total = total
        self.working_days = sorted(set(self.day_of_span))
        self.day_close = dict(zip(self.day_of_span, self.ends, strict=True))  # the last span wins

    def instant(self, position: float) -> float:
        """The timestamp at which `position` office seconds have passed."""
        position = min(max(position, 0.0), self.total - 1)
        i = bisect_right(self.before, position) - 1
        return self.starts[i] + (position - self.before[i])

    def position(self, timestamp: float) -> float:
        """Office seconds before `timestamp` (outside hours: those before the next opening)."""
        i = bisect_right(self.starts, timestamp) - 1
        if i < 0:
            return 0.0
        return self.before[i] + min(timestamp, self.ends[i]) - self.starts[i]

    def close_of_working_day(self, day: date, n: int) -> float:
        """The closing timestamp of the n-th working day after `day` (n >= 1), as
        `sla.close_of_working_day` counts."""
        following = bisect_right(self.working_days, day)
        return self.day_close[self.working_days[following + n - 1]]

    def span_index(self, position: float) -> int:
        return bisect_right(self.before, position) - 1

    def closed_gap_before(self, span: int) -> tuple[float, float]:
        """The closed stretch (evening, night, weekend) before span `span` opens."""
        previous_end = self.ends[span - 1] if span > 0 else self.starts[span] - 16 * 3600
        return previous_end, self.starts[span]


def as_datetime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)
