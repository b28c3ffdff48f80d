"""Consequences shown before an officer confirms an action, computed by the very clock
functions the service will run, so the page never promises a date the service would not set."""

import copy
from datetime import datetime

from konsultasi import sla
from konsultasi.consultations import clocks
from konsultasi.consultations.models import Consultation, Status


def follow_up_due_if_deferred(
    consultation: Consultation, *, cal: sla.OfficeCalendar, now: datetime
) -> datetime | None:
    """When the follow-up would fall due if the consultation were deferred at `now`: the
    deadline `services.defer_to_follow_up` would set. Nothing is saved."""
    trial = copy.copy(consultation)
    clocks.stop_waiting(trial, cal, now)
    clocks.end_service(trial, cal, now)
    trial.deferred_at = now
    trial.status = Status.FOLLOW_UP
    clocks.recompute_deadlines(trial, cal, open_escalation=None)
    return trial.follow_up_due_at
