"""The background sweep over the clocks: approaching and breached deadlines are recorded as
alerts, once per clock, step and deadline, and announced in the same transaction; resolved
consultations whose quiet period is over are closed.

It runs every minute (see `tasks.py`); each clock is one indexed query, whatever the size of
the office. Two sweeps at once cannot announce an alert twice: the alert's unique constraint
lets one insert win, and each sweep announces only the rows it inserted itself."""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from konsultasi.accounts.models import Role
from konsultasi.consultations import notify
from konsultasi.consultations.models import OPEN_STATUSES, Alert, Consultation, Status
from konsultasi.consultations.services import close
from konsultasi.errors import DomainError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClockRule:
    clock: str
    due_field: str
    warn_before: timedelta  # "approaching" from this long before the deadline
    office_head_after: timedelta  # the office head hears once it is this long overdue


CLOCK_RULES = (
    ClockRule(Alert.Clock.SERVICE, "service_due_at", timedelta(minutes=5), timedelta(minutes=20)),
    ClockRule(Alert.Clock.FOLLOW_UP, "follow_up_due_at", timedelta(hours=4), timedelta(days=1)),
    ClockRule(Alert.Clock.PROGRESS, "progress_due_at", timedelta(hours=2), timedelta(days=1)),
    ClockRule(Alert.Clock.ESCALATION, "escalation_due_at", timedelta(hours=2), timedelta(days=1)),
)


def steps_due(rule: ClockRule, due_at: datetime, now: datetime) -> list[Alert.Step]:
    """The escalation steps a deadline has reached: officer when approaching, section head
    when breached, office head when long breached."""
    steps = []
    if now >= due_at - rule.warn_before:
        steps.append(Alert.Step.OFFICER)
    if now >= due_at:
        steps.append(Alert.Step.SECTION_HEAD)
    if now >= due_at + rule.office_head_after:
        steps.append(Alert.Step.OFFICE_HEAD)
    return steps


def sweep_clocks(*, now: datetime) -> dict[str, int]:
    """Record and announce every new alert; close what is past its quiet period."""
    sweep_id = uuid.uuid4()
    with transaction.atomic():
        candidates = []
        for rule in CLOCK_RULES:
            due_soon = Consultation.objects.filter(
                status__in=OPEN_STATUSES, **{f"{rule.due_field}__lte": now + rule.warn_before}
            ).values_list("pk", rule.due_field)
            for pk, due_at in due_soon:
                candidates += [
                    Alert(
                        consultation_id=pk,
                        clock=rule.clock,
                        step=step,
                        due_at=due_at,
                        created_at=now,
                        sweep_id=sweep_id,
                    )
                    for step in steps_due(rule, due_at, now)
                ]
        Alert.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=500)
        new_alerts = list(
            Alert.objects.filter(sweep_id=sweep_id).select_related(
                "consultation__office", "consultation__section__head", "consultation__assignee"
            )
        )
        _announce(new_alerts)
    closed = _close_quiet_consultations(now)
    return {"alerts": len(new_alerts), "closed": closed}


def _announce(alerts: list[Alert]) -> None:
    office_heads: dict[int, list] = {}
    for alert in alerts:
        c = alert.consultation
        if alert.step == Alert.Step.OFFICER:
            users = notify.handlers_of(c)
            body = _("The %(clock)s deadline of this consultation is near or past.")
        elif alert.step == Alert.Step.SECTION_HEAD:
            users = [c.assignee, notify.section_head_of(c)]
            body = _("The %(clock)s deadline of this consultation has passed.")
        else:
            if c.office_id not in office_heads:
                office_heads[c.office_id] = notify.officers_of(c.office, roles=(Role.OFFICE_HEAD,))
            users = office_heads[c.office_id]
            body = _("The %(clock)s deadline of this consultation is long past.")
        notify.tell_staff(
            c,
            kind=f"clock_{alert.clock}_{alert.step}",
            body=body % {"clock": alert.get_clock_display()},
            users=users,
        )


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
