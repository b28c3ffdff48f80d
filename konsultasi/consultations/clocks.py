"""The clocks on one consultation: which are running and when each falls due.

`recompute_deadlines` is called by every transition after it has changed the status and the
timestamps; it derives all deadline columns from them, so the columns never disagree with
the history. Pauses (waiting on the stakeholder) are measured in office time and added on."""

from datetime import datetime, timedelta

from konsultasi import sla
from konsultasi.consultations import alerting
from konsultasi.consultations.models import Consultation, Escalation, Status

DEFAULT_TARGET_MINUTES = 20


def local_date(cal: sla.OfficeCalendar, instant: datetime):
    return instant.astimezone(cal.tz).date()


def service_target(consultation: Consultation) -> timedelta:
    service_type = consultation.service_type
    minutes = service_type.target_minutes if service_type else DEFAULT_TARGET_MINUTES
    return timedelta(minutes=minutes)


def in_service_phase(consultation: Consultation) -> bool:
    """Before the answer or the hand-over to follow-up the 20-minute service clock runs."""
    return consultation.service_ended_at is None


def start_waiting(consultation: Consultation, now: datetime) -> None:
    consultation.waiting_since = now


def stop_waiting(consultation: Consultation, cal: sla.OfficeCalendar, now: datetime) -> None:
    """Add the office time spent waiting on the stakeholder to the pauses of the clocks.

    The follow-up promise counts from the consultation day, so every wait since then pauses
    it — also a wait during the service session, before the session ended unanswered."""
    if consultation.waiting_since is None:
        return
    paused = sla.office_time_between(cal, consultation.waiting_since, now)
    if in_service_phase(consultation):
        consultation.service_paused += paused
    consultation.follow_up_paused += paused
    consultation.waiting_since = None


def end_service(consultation: Consultation, cal: sla.OfficeCalendar, now: datetime) -> None:
    """Stop the service clock and record the handling time in office seconds, pauses excluded.

    A reopened consultation has a second session; its time adds to the first."""
    if not in_service_phase(consultation):
        return
    worked = sla.office_time_between(cal, consultation.service_started_at, now)
    worked = max(worked - consultation.service_paused, timedelta(0))
    consultation.service_office_seconds = (consultation.service_office_seconds or 0) + int(
        worked.total_seconds()
    )
    consultation.service_ended_at = now


def leave_session_unanswered(
    consultation: Consultation, cal: sla.OfficeCalendar, now: datetime
) -> None:
    """Deferral, escalation to the section head and hand-over to HAI DJPb from work in
    progress are one thing: the session ends unanswered. The service clock stops (its handling
    time is kept for the reports) and the follow-up promise of the standard starts at once.
    From follow-up nothing changes: the promise keeps running."""
    if not in_service_phase(consultation):
        return
    end_service(consultation, cal, now)
    consultation.deferred_at = now


def recompute_deadlines(
    consultation: Consultation,
    cal: sla.OfficeCalendar,
    *,
    open_escalation: Escalation | None,
    recorded_alerts: alerting.Recorded = frozenset(),
) -> None:
    """Set every deadline column from the consultation's status and timestamps, then the two
    columns derived from them: the nearest deadline and when the next alert falls due.

    The caller passes the consultation's open escalation, if any, to save a query, and the
    alerts already recorded for it (none for a new consultation)."""
    c = consultation
    status = c.status
    waiting = status == Status.WAITING_STAKEHOLDER
    open_ = c.is_open

    c.service_due_at = None
    if open_ and not waiting and in_service_phase(c):
        c.service_due_at = sla.add_office_time(
            cal, c.service_started_at, service_target(c) + c.service_paused
        )

    c.follow_up_due_at = None
    if open_ and not waiting and not in_service_phase(c):
        consultation_day = local_date(cal, c.service_started_at)
        due = sla.close_of_working_day(cal, consultation_day, c.office.follow_up_working_days)
        if c.follow_up_paused:
            due = sla.add_office_time(cal, due, c.follow_up_paused)
        c.follow_up_due_at = due

    # While a solution is pending (follow-up, or escalated) the stakeholder hears from us at
    # least every N working days, counted from the last time they did (or from the hand-over
    # to follow-up). An escalation straight from work in progress starts the count itself.
    c.progress_due_at = None
    if status in (Status.FOLLOW_UP, Status.ESCALATED):
        candidates = [c.progress_counted_from, c.deferred_at]
        if open_escalation is not None and c.deferred_at is None:
            candidates.append(open_escalation.requested_at)
        counted = [t for t in candidates if t is not None]
        if counted:
            c.progress_due_at = sla.close_of_working_day(
                cal, local_date(cal, max(counted)), c.office.progress_every_working_days
            )

    c.escalation_due_at = None
    if (
        status == Status.ESCALATED
        and open_escalation is not None
        and open_escalation.target == Escalation.Target.SECTION_HEAD
    ):
        c.escalation_due_at = open_escalation.due_at

    c.auto_close_at = None
    if status == Status.RESOLVED and c.resolved_at is not None:
        c.auto_close_at = sla.close_of_working_day(
            cal, local_date(cal, c.resolved_at), c.office.quiet_period_working_days
        )

    running = [c.service_due_at, c.follow_up_due_at, c.progress_due_at, c.escalation_due_at]
    c.nearest_due_at = min((due for due in running if due is not None), default=None)
    c.next_alert_at = alerting.next_alert_at(c, cal, recorded_alerts)


def escalation_due(cal: sla.OfficeCalendar, office, requested_at: datetime) -> datetime:
    return sla.close_of_working_day(
        cal, local_date(cal, requested_at), office.escalation_answer_working_days
    )
