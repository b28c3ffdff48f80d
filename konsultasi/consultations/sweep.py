"""The background sweep over the clocks: approaching and breached deadlines are recorded as
alerts, once per clock, step and deadline, and announced in the transaction that records them;
resolved consultations whose quiet period is over are closed.

Steps: the officer hears when a deadline is near (in office time), the section head when it
has passed, the office head when it is long past (again in office time, so a Friday deadline
does not reach the office head on Saturday). The database narrows the candidates with the
indexed deadline columns — a span of office time is never shorter on the wall clock — and
skips what was already announced; office time decides the rest.

The candidates are read outside the write transaction. Inside it, each sweep inserts its
alerts, re-reads the ones it inserted (two sweeps at once cannot both insert one: the unique
constraint lets one win), and announces those whose consultation is still as it was read;
the others are removed again, so that a later sweep judges them afresh."""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.accounts.models import Role
from konsultasi.consultations import notify
from konsultasi.consultations.models import (
    OPEN_STATUSES,
    Alert,
    Consultation,
    Escalation,
    Status,
)
from konsultasi.consultations.services import close
from konsultasi.errors import DomainError
from konsultasi.notifications.services import queue
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Office

log = logging.getLogger(__name__)

# How far ahead (wall clock) an approaching deadline may lie: enough to see across a long
# closure such as Idul Fitri's collective leave.
LOOKAHEAD = timedelta(days=12)


@dataclass(frozen=True)
class ClockRule:
    clock: str
    due_field: str
    warn_before: timedelta  # office time before the deadline: "approaching"
    office_head_after: timedelta  # office time after the deadline: "long past"
    statuses: tuple[str, ...] = OPEN_STATUSES  # the states in which it raises alerts


CLOCK_RULES = (
    # While escalated, the 20-minute clock stays quiet: the escalation clock (to a section
    # head) or the progress clock (to HAI DJPb) speaks for the consultation. Its alerts come
    # once the answer is back, if it is still running then.
    ClockRule(
        Alert.Clock.SERVICE,
        "service_due_at",
        timedelta(minutes=5),
        timedelta(minutes=20),
        statuses=(Status.NEW, Status.IN_PROGRESS),
    ),
    ClockRule(Alert.Clock.FOLLOW_UP, "follow_up_due_at", timedelta(hours=4), timedelta(hours=8)),
    ClockRule(Alert.Clock.PROGRESS, "progress_due_at", timedelta(hours=2), timedelta(hours=8)),
    ClockRule(Alert.Clock.ESCALATION, "escalation_due_at", timedelta(hours=2), timedelta(hours=8)),
)


def step_reached(
    rule: ClockRule, step: str, cal: sla.OfficeCalendar, due_at: datetime, now: datetime
) -> bool:
    if step == Alert.Step.SECTION_HEAD:
        return now >= due_at
    if step == Alert.Step.OFFICER:
        return now >= due_at or sla.office_time_between(cal, now, due_at) <= rule.warn_before
    return now >= due_at and sla.office_time_between(cal, due_at, now) >= rule.office_head_after


def _wall_clock_bound(rule: ClockRule, step: str, now: datetime) -> datetime:
    """Deadlines beyond this cannot have reached `step` yet."""
    if step == Alert.Step.OFFICER:
        return now + rule.warn_before + LOOKAHEAD
    if step == Alert.Step.SECTION_HEAD:
        return now
    return now - rule.office_head_after


class _Calendars(dict):
    """The calendars of the offices met in one sweep, each built once."""

    def __init__(self, now: datetime):
        super().__init__()
        self.now = now

    def __missing__(self, office_id: int) -> sla.OfficeCalendar | None:
        try:
            cal = office_calendar(Office.objects.get(pk=office_id), around=self.now.date())
        except DomainError as broken:
            log.error("clock sweep skips office %s: %s", office_id, broken)
            cal = None
        self[office_id] = cal
        return cal


def sweep_clocks(*, now: datetime) -> dict[str, int]:
    """Record and announce every new alert; close what is past its quiet period.

    The candidates are read first, outside any transaction, so that on SQLite the write lock
    is held only for the inserts and not while office time is being measured."""
    sweep_id = uuid.uuid4()
    candidates = [
        Alert(
            consultation_id=pk,
            clock=rule.clock,
            step=step,
            due_at=due_at,
            created_at=now,
            sweep_id=sweep_id,
        )
        for rule, step, pk, due_at in _reached_steps(now)
    ]
    with transaction.atomic():
        Alert.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=500)
        inserted = Alert.objects.filter(sweep_id=sweep_id).select_related(
            "consultation__office", "consultation__section__head", "consultation__assignee"
        )
        current = [alert for alert in inserted if _still_current(alert)]
        stale = [alert.pk for alert in inserted if not _still_current(alert)]
        Alert.objects.filter(pk__in=stale).delete()
        _announce(current)
    closed = _close_quiet_consultations(now)
    return {"alerts": len(current), "closed": closed}


_RULES = {rule.clock: rule for rule in CLOCK_RULES}


def _still_current(alert: Alert) -> bool:
    """Whether the consultation is still in a state, and at the deadline, the alert was
    computed for (it may have changed since the candidates were read)."""
    rule, c = _RULES[alert.clock], alert.consultation
    return c.status in rule.statuses and getattr(c, rule.due_field) == alert.due_at


def _reached_steps(now: datetime):
    """(rule, step, consultation id, deadline) for every step reached and not yet recorded."""
    calendars = _Calendars(now)
    for rule in CLOCK_RULES:
        for step in Alert.Step:
            already = Alert.objects.filter(
                consultation=OuterRef("pk"),
                clock=rule.clock,
                step=step,
                due_at=OuterRef(rule.due_field),
            )
            due = (
                Consultation.objects.filter(
                    status__in=rule.statuses,
                    **{f"{rule.due_field}__lte": _wall_clock_bound(rule, step, now)},
                )
                .filter(~Exists(already))
                .values_list("pk", "office_id", rule.due_field)
            )
            for pk, office_id, due_at in due:
                cal = calendars[office_id]
                if cal is not None and step_reached(rule, step, cal, due_at, now):
                    yield rule, step, pk, due_at


def _announce(alerts: list[Alert]) -> None:
    """Queue the notifications of all new alerts in one insert. Officers and heads are read
    once per office, escalations once for all alerts."""
    officers: dict[tuple[int, str], list] = {}

    def staff_of(office: Office, role: str) -> list:
        if (office.pk, role) not in officers:
            officers[office.pk, role] = notify.officers_of(office, roles=(role,))
        return officers[office.pk, role]

    def handlers(c: Consultation) -> list:
        return [c.assignee] if c.assignee_id else staff_of(c.office, Role.OFFICER)

    def head_for(section, office: Office) -> list:
        if section is not None and section.head is not None:
            return [section.head]
        return staff_of(office, Role.OFFICE_HEAD)

    escalated_to = {
        e.consultation_id: e.section
        for e in Escalation.objects.open()
        .filter(
            consultation__in=[
                a.consultation_id for a in alerts if a.clock == Alert.Clock.ESCALATION
            ]
        )
        .select_related("section__head")
    }
    rows = []
    for alert in alerts:
        c = alert.consultation
        # For an unanswered escalation the head asked answers for it; else the section's.
        section = (
            escalated_to.get(c.pk, c.section)
            if alert.clock == Alert.Clock.ESCALATION
            else c.section
        )
        if alert.step == Alert.Step.OFFICER:
            users = handlers(c)
            if alert.clock == Alert.Clock.ESCALATION:
                users = [*users, *head_for(section, c.office)]
            body = _("The %(clock)s deadline of this consultation is near or past.")
        elif alert.step == Alert.Step.SECTION_HEAD:
            users = [*handlers(c), *head_for(section, c.office)]
            body = _("The %(clock)s deadline of this consultation has passed.")
        else:
            users = staff_of(c.office, Role.OFFICE_HEAD)
            body = _("The %(clock)s deadline of this consultation is long past.")
        rows += notify.staff_notifications(
            c,
            kind=f"clock_{alert.clock}_{alert.step}",
            body=body % {"clock": alert.get_clock_display()},
            users=users,
        )
    queue(rows)


def _close_quiet_consultations(now: datetime) -> int:
    closed = 0
    quiet = Consultation.objects.filter(status=Status.RESOLVED, auto_close_at__lte=now)
    for consultation in quiet.only("pk"):
        try:
            close(actor=None, consultation=consultation)
        except DomainError as refused:  # reopened meanwhile
            log.info("not closing %s: %s", consultation.pk, refused)
            continue
        closed += 1
    return closed
