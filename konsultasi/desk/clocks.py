"""A clock as an officer reads it: text first ("sisa 12 mnt", "lewat 1 j 5 mnt", "jatuh tempo
Kamis 16.00"), then a state for colour and a glyph — never colour alone.

Time left and time overdue are office time (working hours, holidays and closures taken out),
measured with the office calendar the caller built once for the request."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

from django.utils import formats
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.consultations.models import Consultation, Status
from konsultasi.consultations.selectors import InboxEntry

# Beyond this wall-clock distance office time is not measured (it would walk many days for a
# number nobody reads): the date says enough.
MEASURE_WITHIN = timedelta(days=14)
# Past this much office time overdue, the list says since when rather than how long.
SAY_SINCE_AFTER = timedelta(hours=8)
NOMINAL_WORKING_DAY = timedelta(hours=8)
DEFAULT_SERVICE_MINUTES = 20


class ClockKind(StrEnum):
    SERVICE = "service"
    FOLLOW_UP = "follow_up"
    PROGRESS = "progress"
    ESCALATION = "escalation"


class ClockState(StrEnum):
    OK = "ok"
    WARNING = "warning"
    LATE = "late"
    PAUSED = "paused"
    NONE = "none"


DUE_FIELD = {
    ClockKind.SERVICE: "service_due_at",
    ClockKind.FOLLOW_UP: "follow_up_due_at",
    ClockKind.PROGRESS: "progress_due_at",
    ClockKind.ESCALATION: "escalation_due_at",
}

ICONS = {
    ClockState.OK: "◷",
    ClockState.WARNING: "▲",
    ClockState.LATE: "✖\ufe0e",
    ClockState.PAUSED: "❚❚",
    ClockState.NONE: "",
}


CLOCK_LABELS = {
    ClockKind.SERVICE: gettext_lazy("service"),
    ClockKind.FOLLOW_UP: gettext_lazy("follow-up"),
    ClockKind.PROGRESS: gettext_lazy("progress update"),
    ClockKind.ESCALATION: gettext_lazy("escalation answer"),
}


def clock_label(kind: ClockKind) -> str:
    return _label(get_language(), kind)


@lru_cache(maxsize=64)
def _label(language: str | None, kind: ClockKind) -> str:
    return str(CLOCK_LABELS[kind])


# The clock's sentences, translated once per language: a list judges a clock on every row, and
# each gettext call asks for the active language again.
SENTENCES = {
    "hours and minutes": gettext_lazy("%(hours)d h %(minutes)d min"),
    "hours": gettext_lazy("%(hours)d h"),
    "minutes": gettext_lazy("%(minutes)d min"),
    "overdue for": gettext_lazy("%(duration)s overdue"),
    "overdue since": gettext_lazy("overdue since %(when)s"),
    "left": gettext_lazy("%(duration)s left"),
    "due": gettext_lazy("due %(when)s"),
    "day at time": gettext_lazy("%(day)s at %(time)s %(zone)s"),
}


@lru_cache(maxsize=64)
def _sentence(language: str | None, name: str) -> str:
    return str(SENTENCES[name])


# Date patterns, translated once per language (a list shows a clock per row).
PATTERNS = {
    "clock time": pgettext_lazy("clock time", "H:i"),
    "clock date": pgettext_lazy("clock date", "j M"),
    "full date": pgettext_lazy("full date", "l, j F Y"),
}


@lru_cache(maxsize=64)
def _pattern(language: str | None, name: str) -> str:
    return str(PATTERNS[name])


def local_pattern(name: str) -> str:
    return _pattern(get_language(), name)


@dataclass(frozen=True)
class ClockView:
    kind: ClockKind | None
    state: ClockState
    text: str
    label: str = ""
    due_at: datetime | None = None  # in the office zone
    full: str = ""  # the deadline in full, with the zone: for a tooltip and <time>

    @property
    def icon(self) -> str:
        return ICONS[self.state]


def duration_text(amount: timedelta) -> str:
    """ "12 mnt", "1 j 5 mnt", "3 j" (Indonesian); "12 min", "1 h 5 min" (English)."""
    return _duration_text(get_language(), amount)


def _duration_text(language: str | None, amount: timedelta) -> str:
    minutes = max(int(amount.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _sentence(language, "hours and minutes") % {"hours": hours, "minutes": minutes}
    if hours:
        return _sentence(language, "hours") % {"hours": hours}
    return _sentence(language, "minutes") % {"minutes": minutes}


@lru_cache(maxsize=2048)
def _day_text(language: str | None, name: str, day: date) -> str:
    return formats.date_format(day, "l" if name == "weekday" else _pattern(language, name))


@lru_cache(maxsize=2048)
def _time_text(language: str | None, hour: int, minute: int) -> str:
    return formats.time_format(time(hour, minute), _pattern(language, "clock time"))


def day_text(name: str, day: date) -> str:
    """A date in the pattern `name` ("full date", "clock date", or "weekday"), written once per
    language and date: a list has many deadlines on few days."""
    return _day_text(get_language(), name, day)


def time_text(local: datetime) -> str:
    """The time of day in the "clock time" pattern, written once per language and minute."""
    return _time_text(get_language(), local.hour, local.minute)


def when_text(due_local: datetime, now_local: datetime) -> str:
    """ "16.00" today, "Kamis 16.00" within the week, "20 Agu 16.00" further away."""
    return _when_text(get_language(), due_local, now_local)


def _when_text(language: str | None, due_local: datetime, now_local: datetime) -> str:
    clock_time = _time_text(language, due_local.hour, due_local.minute)
    due_day = due_local.date()
    if due_day == now_local.date():
        return clock_time
    if abs((due_day - now_local.date()).days) < 7:
        return f"{_day_text(language, 'weekday', due_day)} {clock_time}"
    return f"{_day_text(language, 'clock date', due_day)} {clock_time}"


def full_text(due_local: datetime) -> str:
    """ "Kamis, 20 Agustus 2026 pukul 16.00 WIB"."""
    return _full_text(get_language(), due_local)


def _full_text(language: str | None, due_local: datetime) -> str:
    return _sentence(language, "day at time") % {
        "day": _day_text(language, "full date", due_local.date()),
        "time": _time_text(language, due_local.hour, due_local.minute),
        "zone": due_local.tzname() or "",
    }


def warn_window(kind: ClockKind, consultation: Consultation | InboxEntry) -> timedelta:
    """The last quarter of the clock's nominal length, in office time."""
    office = consultation.office
    if kind == ClockKind.SERVICE:
        service_type = consultation.service_type
        minutes = service_type.target_minutes if service_type else DEFAULT_SERVICE_MINUTES
        return timedelta(minutes=minutes) / 4
    days = {
        ClockKind.FOLLOW_UP: office.follow_up_working_days,
        ClockKind.PROGRESS: office.progress_every_working_days,
        ClockKind.ESCALATION: office.escalation_answer_working_days,
    }[kind]
    return NOMINAL_WORKING_DAY * days / 4


def judge(
    kind: ClockKind,
    due_at: datetime,
    consultation: Consultation | InboxEntry,
    cal: sla.OfficeCalendar,
    now: datetime,
) -> ClockView:
    language = get_language()  # once: each translation below is kept per language
    due_local, now_local = due_at.astimezone(cal.tz), now.astimezone(cal.tz)
    label, full = _label(language, kind), _full_text(language, due_local)
    near = abs(due_at - now) <= MEASURE_WITHIN
    if due_at <= now:
        overdue = sla.office_time_between(cal, due_at, now) if near else None
        # Overdue while the office was closed (the evening, a weekend) counts no office time:
        # then say since when.
        if overdue is not None and timedelta(minutes=1) <= overdue < SAY_SINCE_AFTER:
            duration = _duration_text(language, overdue)
            text = _sentence(language, "overdue for") % {"duration": duration}
        else:
            when = _when_text(language, due_local, now_local)
            text = _sentence(language, "overdue since") % {"when": when}
        return ClockView(kind, ClockState.LATE, text, label, due_local, full)
    left = sla.office_time_between(cal, now, due_at) if near else None
    state = (
        ClockState.WARNING
        if left is not None and left <= warn_window(kind, consultation)
        else ClockState.OK
    )
    if due_local.date() == now_local.date() and left is not None:
        text = _sentence(language, "left") % {"duration": _duration_text(language, left)}
    else:
        text = _sentence(language, "due") % {"when": _when_text(language, due_local, now_local)}
    return ClockView(kind, state, text, label, due_local, full)


def current_clock(
    consultation: Consultation | InboxEntry,
    cal: sla.OfficeCalendar,
    now: datetime,
    kind: ClockKind | None = None,
) -> ClockView:
    """The clock that matters now (the nearest running deadline), or the one asked for."""
    c = consultation
    if kind is not None:
        due = getattr(c, DUE_FIELD[kind])
        if due is None:
            return ClockView(kind=kind, state=ClockState.NONE, text=_("not running"))
        return judge(kind, due, c, cal, now)
    running = [(getattr(c, field), k) for k, field in DUE_FIELD.items() if getattr(c, field)]
    if running:
        due, nearest = min(running, key=lambda pair: pair[0])
        return judge(nearest, due, c, cal, now)
    if c.status == Status.WAITING_STAKEHOLDER:
        return ClockView(kind=None, state=ClockState.PAUSED, text=_("paused"))
    return ClockView(kind=None, state=ClockState.NONE, text="—")
