"""When the office's calendar or targets change, the deadlines of its running consultations
follow: a closure added for next Monday moves every follow-up due that day.

The admin edits offices, hours, overrides and service types in the `offices` app, which knows
nothing of consultations; this module listens to those saves and, once they commit, queues a
background task that recomputes the deadlines office by office. Every deadline that moves is
recorded in the consultation's history, so an auditor can see why a due date changed."""

import logging
from datetime import UTC, datetime

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import task

from konsultasi.consultations import alerting, clocks
from konsultasi.consultations.changes import open_escalation
from konsultasi.consultations.events import record_event
from konsultasi.consultations.models import OPEN_STATUSES, Consultation, Escalation, Status
from konsultasi.errors import DomainError
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import CalendarOverride, Office, ServiceType, WorkingHours

log = logging.getLogger(__name__)

DEADLINE_FIELDS = (
    "service_due_at",
    "follow_up_due_at",
    "progress_due_at",
    "escalation_due_at",
    "auto_close_at",
)
DERIVED_FIELDS = ("nearest_due_at", "next_alert_at")


def recompute_office_deadlines(*, office_id: int, now: datetime) -> int:
    """Recompute the deadlines of every running consultation of the office; return how many
    moved. Each consultation is locked and updated in its own short transaction, so the desk
    is never held up behind the whole office."""
    office = Office.objects.filter(pk=office_id).first()
    if office is None:  # deleted since the change was queued
        return 0
    try:
        cal = office_calendar(office, around=now.date())
    except DomainError as broken:
        log.error("deadlines of office %s not recomputed: %s", office_id, broken)
        return 0
    running = Consultation.objects.filter(
        office=office, status__in=(*OPEN_STATUSES, Status.RESOLVED)
    ).values_list("pk", flat=True)
    moved = 0
    for pk in list(running):
        with transaction.atomic():
            c = (
                Consultation.objects.select_for_update(of=("self",))
                .select_related("office", "service_type")
                .get(pk=pk)
            )
            escalation = open_escalation(c)
            if escalation is not None and escalation.target == Escalation.Target.SECTION_HEAD:
                escalation.due_at = clocks.escalation_due(cal, office, escalation.requested_at)
                escalation.save(update_fields=["due_at"])
            before = {field: getattr(c, field) for field in DEADLINE_FIELDS}
            clocks.recompute_deadlines(
                c,
                cal,
                open_escalation=escalation,
                recorded_alerts=alerting.recorded_alerts([c.pk]).get(c.pk, frozenset()),
            )
            after = {field: getattr(c, field) for field in DEADLINE_FIELDS}
            if after == before:
                continue
            c.save(update_fields=[*DEADLINE_FIELDS, *DERIVED_FIELDS, "updated_at"])
            record_event(
                c,
                actor=None,
                action="recompute_deadlines",
                from_status=c.status,
                to_status=c.status,
                at=now,
                reason="office calendar or targets changed",
                data={
                    field: [_iso(before[field]), _iso(after[field])]
                    for field in DEADLINE_FIELDS
                    if before[field] != after[field]
                },
            )
            moved += 1
    return moved


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


@task()
def recompute_office_deadlines_task(office_id: int) -> int:
    return recompute_office_deadlines(office_id=office_id, now=timezone.now())


def _office_changed(sender, instance, **kwargs) -> None:
    office_id = instance.pk if sender is Office else instance.office_id
    if kwargs.get("created") and sender is Office:
        return  # a new office has no consultations yet
    # One recomputation per office per transaction: saving an office with its inlines, or
    # loading reference data, touches many rows at once.
    pending = transaction.get_connection().run_on_commit
    if any(getattr(callback, "recomputes_office", None) == office_id for _, callback, _ in pending):
        return

    def enqueue() -> None:
        recompute_office_deadlines_task.enqueue(office_id)

    enqueue.recomputes_office = office_id  # type: ignore[attr-defined]
    transaction.on_commit(enqueue)


def connect_signals() -> None:
    for model in (Office, WorkingHours, CalendarOverride, ServiceType):
        uid = f"recompute-deadlines-{model.__name__}"
        post_save.connect(_office_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_office_changed, sender=model, dispatch_uid=f"{uid}-delete")
