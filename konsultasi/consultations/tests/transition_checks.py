"""What the transition tests check on every change: the event, who was told, the deadlines."""

from datetime import datetime

from konsultasi.conftest import WIB
from konsultasi.consultations import services
from konsultasi.consultations.models import (
    Attachment,
    Consultation,
    DocumentRequest,
    Escalation,
    Event,
    Message,
)
from konsultasi.notifications.models import OutboxMessage

STAKEHOLDER = ["satker", "satker@example.invalid"]  # in-app to the user, and the e-mail
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def at(day: int, hour: int, minute: int = 0, month: int = 9) -> datetime:
    """A local WIB instant in 2026 (1 September 2026 is a Tuesday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def last_event(c: Consultation) -> Event:
    return Event.objects.filter(consultation=c).order_by("-pk").first()


def assert_event(c, actor, action, from_status, to_status, reason="") -> None:
    e = last_event(c)
    assert (e.actor, e.action, e.reason) == (actor, action, reason)
    assert (e.from_status, e.to_status) == (from_status, to_status)


def notified(c: Consultation, kind: str) -> list[str]:
    """Who is told, one entry per outbox row: a username (in-app), an address, or "officers"
    (the in-app notice to all of the office's officers)."""
    rows = OutboxMessage.objects.filter(consultation=c, kind=kind)
    return sorted(m.recipient.username if m.recipient_id else m.address or "officers" for m in rows)


def snapshot(c: Consultation) -> tuple:
    """The status and version, and how many events, messages and notifications there are."""
    fresh = Consultation.objects.get(pk=c.pk)
    related = (Event, Message, OutboxMessage)
    return fresh.status, fresh.version, *(m.objects.filter(consultation=c).count() for m in related)


def submit(actor, office, **extra) -> Consultation:
    return services.submit_question(actor=actor, office=office, subject="S", question="Q", **extra)


def everything_about(c: Consultation) -> dict:
    """The consultation row, field by field, and how many rows hang off it."""
    fresh = Consultation.objects.get(pk=c.pk)
    row = {f.attname: getattr(fresh, f.attname) for f in Consultation._meta.concrete_fields}
    related = (Event, Message, OutboxMessage, Escalation, DocumentRequest, Attachment)
    counts = {model.__name__: model.objects.filter(consultation=c).count() for model in related}
    escalations = list(Escalation.objects.filter(consultation=c).values())
    return {"row": row, "counts": counts, "escalations": escalations}
