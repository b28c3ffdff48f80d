"""The workspace's side panel of clocks: every clock running on the consultation, judged like
the inbox judges its one (`desk.clocks`), plus what the lists do not need — a paused clock
while the stakeholder is awaited, and the handling time once the service session is over."""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.consultations.models import Consultation, Status
from konsultasi.desk.clocks import (
    DEFAULT_SERVICE_MINUTES,
    DUE_FIELD,
    ClockKind,
    ClockState,
    ClockView,
    clock_label,
    duration_text,
    judge,
)

# Most pressing kind first: the 20 minutes, then the section head's day, then the promise
# to the stakeholder.
ORDER = (ClockKind.SERVICE, ClockKind.ESCALATION, ClockKind.PROGRESS, ClockKind.FOLLOW_UP)


def workspace_clocks(c: Consultation, *, cal: sla.OfficeCalendar, now: datetime) -> list[ClockView]:
    found = [
        judge(kind, getattr(c, DUE_FIELD[kind]), c, cal, now)
        for kind in ORDER
        if getattr(c, DUE_FIELD[kind]) is not None
    ]
    if c.status == Status.WAITING_STAKEHOLDER:
        kind = ClockKind.SERVICE if c.service_ended_at is None else ClockKind.FOLLOW_UP
        found.insert(
            0,
            ClockView(
                kind, ClockState.PAUSED, _("paused: waiting for the stakeholder"), clock_label(kind)
            ),
        )
    if c.service_office_seconds is not None and c.service_due_at is None:
        found.append(handling_time(c))
    return found


def handling_time(c: Consultation) -> ClockView:
    """The service session is over: how long it took, against the service type's target."""
    worked = timedelta(seconds=c.service_office_seconds or 0)
    minutes = c.service_type.target_minutes if c.service_type else DEFAULT_SERVICE_MINUTES
    target = timedelta(minutes=minutes)
    words = {"time": duration_text(worked), "target": duration_text(target)}
    if worked <= target:
        text, state = _("handled in %(time)s, within %(target)s") % words, ClockState.OK
    else:
        text, state = _("handled in %(time)s, over %(target)s") % words, ClockState.LATE
    return ClockView(None, state, text, _("handling time"))
