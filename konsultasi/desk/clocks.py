"""Clocks as an officer reads them: text first ("sisa 12 mnt", "lewat 1 j 5 mnt", "jatuh tempo
Kamis 16.00"), then a state that the page turns into colour and a glyph.

Time left and time overdue are counted in office time, like the deadlines themselves: a
service clock due Monday 08:15 read on Friday at 15:55 has twenty minutes left, not three
days. Dates are shown in the office's zone with its abbreviation (WIB)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konsultasi import sla
from konsultasi.consultations.models import Consultation, Escalation, Status

OK, WARNING, LATE, PAUSED, DONE = "ok", "warning", "late", "paused", "done"
ICONS = {OK: "◷", WARNING: "⚠", LATE: "⛔", PAUSED: "⏸", DONE: "✓"}
# Beyond a working day, an overdue clock is read by its date, not by hours.
_LONG_LATE = timedelta(hours=8)

LABELS = {
    "service": gettext_lazy("Service time"),
    "follow_up": gettext_lazy("Follow-up solution"),
    "progress": gettext_lazy("Next progress update"),
    "escalation": gettext_lazy("Section head's answer"),
}


@dataclass(frozen=True)
class Clock:
    key: str
    label: str
    text: str
    state: str
    due_at: datetime | None = None
    due_text: str = ""

    @property
    def icon(self) -> str:
        return ICONS[self.state]


def long_datetime(instant: datetime, tz) -> str:
    """ "Kamis, 20 Agustus 2026 pukul 16.00 WIB" — for a date that matters."""
    local = instant.astimezone(tz)
    return _("%(date)s at %(time)s %(zone)s") % {
        "date": date_format(local, "l, j F Y"),
        "time": time_format(local, "TIME_FORMAT"),
        "zone": local.tzname(),
    }


def short_datetime(instant: datetime, tz, now: datetime) -> str:
    """ "Kamis 16.00" within the coming week, "20 Agu 16.00" beyond it."""
    local, today = instant.astimezone(tz), now.astimezone(tz).date()
    day = (
        date_format(local, "l")
        if abs((local.date() - today).days) < 7
        else date_format(local, "j M")
    )
    return f"{day} {time_format(local, 'TIME_FORMAT')}"


def duration(span: timedelta) -> str:
    """ "1 j 5 mnt", "12 mnt" (whole minutes, at least one)."""
    minutes = max(1, int(span.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": minutes}


def clock(
    key: str,
    *,
    due: datetime,
    started: datetime | None,
    now: datetime,
    cal: sla.OfficeCalendar,
) -> Clock:
    """One running clock: late, in its last quarter (warning), or fine."""
    label, due_text = str(LABELS[key]), long_datetime(due, cal.tz)
    if now >= due:
        late = sla.office_time_between(cal, due, now)
        if timedelta(minutes=1) <= late < _LONG_LATE:
            text = _("%(time)s overdue") % {"time": duration(late)}
        else:
            text = _("overdue since %(when)s") % {"when": short_datetime(due, cal.tz, now)}
        return Clock(key, label, text, LATE, due, due_text)
    left = sla.office_time_between(cal, now, due)
    due_today = due.astimezone(cal.tz).date() == now.astimezone(cal.tz).date()
    if due_today or left < timedelta(hours=1):
        text = _("%(time)s left") % {"time": duration(left)}
    else:
        text = _("due %(when)s") % {"when": short_datetime(due, cal.tz, now)}
    state = OK
    if started is not None and started < due:
        span = sla.office_time_between(cal, started, due)
        if left * 4 <= span:
            state = WARNING
    return Clock(key, label, text, state, due, due_text)


def consultation_clocks(
    c: Consultation,
    *,
    open_escalation: Escalation | None,
    now: datetime,
    cal: sla.OfficeCalendar,
) -> list[Clock]:
    """The clocks of one consultation that mean something now, most urgent kind first."""
    found = []
    if c.service_due_at is not None:
        found.append(
            clock("service", due=c.service_due_at, started=c.service_started_at, now=now, cal=cal)
        )
    elif c.status == Status.WAITING_STAKEHOLDER:
        found.append(
            Clock(
                key="service" if c.service_ended_at is None else "follow_up",
                label=str(LABELS["service" if c.service_ended_at is None else "follow_up"]),
                text=_("paused: waiting for the stakeholder"),
                state=PAUSED,
            )
        )
    if c.escalation_due_at is not None:
        started = open_escalation.requested_at if open_escalation else None
        found.append(
            clock("escalation", due=c.escalation_due_at, started=started, now=now, cal=cal)
        )
    if c.progress_due_at is not None:
        started = c.progress_counted_from or c.deferred_at
        found.append(clock("progress", due=c.progress_due_at, started=started, now=now, cal=cal))
    if c.follow_up_due_at is not None:
        found.append(
            clock("follow_up", due=c.follow_up_due_at, started=c.deferred_at, now=now, cal=cal)
        )
    if c.service_office_seconds is not None and c.service_due_at is None:
        found.append(handling_time(c))
    return found


def handling_time(c: Consultation) -> Clock:
    """The service session is over: how long it took, against the type's target."""
    worked = timedelta(seconds=c.service_office_seconds or 0)
    target = timedelta(minutes=c.service_type.target_minutes if c.service_type else 20)
    within = worked <= target
    text = (
        _("handled in %(time)s, within %(target)s")
        if within
        else _("handled in %(time)s, over %(target)s")
    ) % {"time": duration(worked), "target": duration(target)}
    return Clock(
        key="handled", label=str(LABELS["service"]), text=text, state=DONE if within else LATE
    )
