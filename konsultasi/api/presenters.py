"""Rows into the API's shapes: plain dicts the response schemas validate."""

from datetime import UTC, datetime

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.consultations.models import STATUS_LABELS, Consultation
from konsultasi.consultations.timeline import Entry


def stakeholder(profile: StakeholderProfile) -> dict:
    unit = profile.work_unit
    return {
        "id": profile.pk,
        "name": profile.full_name,
        "email": profile.email,
        "phone": profile.phone,
        "satker_code": unit.code if unit else None,
        "satker_name": unit.name if unit else None,
        "organisation": profile.organisation,
        "position": profile.position,
    }


def consultation(c: Consultation) -> dict:
    """Expects office, stakeholder__work_unit, channel, service_type, section and assignee
    joined in (`CONSULTATION_JOINS`), or in hand. Times in UTC, as the database gives them,
    whether the row was read or has just been written."""
    return {
        "number": c.number,
        "office": c.office.slug,
        "status": str(c.status),
        "status_label": str(STATUS_LABELS.get(c.status, c.status)),
        "version": c.version,
        "subject": c.subject,
        "question": c.question,
        "stakeholder": stakeholder(c.stakeholder),
        "channel": c.channel.code,
        "service_type": c.service_type.code if c.service_type else None,
        "section": c.section.code if c.section else None,
        "assignee": str(c.assignee) if c.assignee else None,
        "resolution": c.resolution,
        "external_reference": c.external_reference,
        "received_at": _utc(c.received_at),
        "created_at": _utc(c.created_at),
        "service_due_at": _utc(c.service_due_at),
        "follow_up_due_at": _utc(c.follow_up_due_at),
        "progress_due_at": _utc(c.progress_due_at),
        "escalation_due_at": _utc(c.escalation_due_at),
        "resolved_at": _utc(c.resolved_at),
        "closed_at": _utc(c.closed_at),
        "cancelled_at": _utc(c.cancelled_at),
    }


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None


CONSULTATION_JOINS = (
    "office",
    "stakeholder__work_unit",
    "channel",
    "service_type",
    "section",
    "assignee",
)


def timeline_entry(entry: Entry) -> dict:
    event = entry.event
    return {
        "kind": entry.kind,
        "at": entry.at,
        "actor": str(entry.actor) if entry.actor else None,
        "internal": entry.internal,
        "body": entry.body,
        "action": event.action if event else None,
        "from_status": event.from_status if event else None,
        "to_status": event.to_status if event else None,
    }
