"""One consultation's history as one ordered list, for the officer's workspace (and later the
portal and the API): the messages with their attachments, internal notes, document requests,
escalations and the events of the lifecycle.

Each fact appears once. A service often writes the same fact twice — a document request is a
row and a message, an escalation is a row and an event, a reply is a message and an event —
so the timeline takes each from the row that says the most and leaves out the echoes. It reads
a fixed number of queries whatever the length of the history."""

from dataclasses import dataclass, field
from datetime import datetime

from konsultasi.accounts.models import User
from konsultasi.accounts.permissions import Action
from konsultasi.consultations.models import (
    Attachment,
    Consultation,
    DocumentRequest,
    Escalation,
    Event,
    Message,
)
from konsultasi.offices.models import Section, ServiceType

# Events whose content the timeline already shows through a message, a document request or
# an escalation row.
_ECHOED_EVENTS = frozenset(
    {
        Action.REPLY,
        Action.ADD_NOTE,
        Action.POST_PROGRESS,
        Action.REQUEST_DOCUMENTS,
        Action.PROVIDE_DOCUMENTS,
        Action.RESOLVE,
        Action.ESCALATE,
        Action.HAND_TO_HAI,
    }
)
# Messages that a document request row shows better (with whether it was answered).
_ECHOED_MESSAGES = frozenset({Message.Kind.DOCUMENT_REQUEST})


@dataclass
class Entry:
    """One line of the timeline. `kind` is a message kind (question, reply, note, documents,
    progress, answer), "document_request", "escalation" or "event"; exactly one of the
    source rows is set."""

    kind: str
    at: datetime
    actor: User | None
    internal: bool = False
    message: Message | None = None
    attachments: list[Attachment] = field(default_factory=list)
    document_request: DocumentRequest | None = None
    escalation: Escalation | None = None
    event: Event | None = None
    # For classification and reassignment events: what it was set to, by name.
    details: dict[str, str] = field(default_factory=dict)

    @property
    def pk(self) -> int:
        row = self.message or self.document_request or self.escalation or self.event
        assert row is not None
        return row.pk

    @property
    def body(self) -> str:
        if self.message is not None:
            return self.message.body
        if self.document_request is not None:
            return self.document_request.description
        if self.escalation is not None:
            return self.escalation.reason
        return self.event.reason if self.event is not None else ""


# Within one instant: what was asked or said first, then the event it caused.
_RANK = {"event": 1}


def consultation_timeline(consultation: Consultation, *, include_internal: bool) -> list[Entry]:
    """The consultation's history, oldest first. Internal notes and the events of the office's
    own work (escalations, reassignment) only when `include_internal` (staff)."""
    entries: list[Entry] = []

    messages = consultation.messages.select_related("author").prefetch_related("attachments")
    if not include_internal:
        messages = messages.filter(is_internal=False)
    for message in messages:
        if message.kind in _ECHOED_MESSAGES:
            continue
        entries.append(
            Entry(
                kind=message.kind,
                at=message.created_at,
                actor=message.author,
                internal=message.is_internal,
                message=message,
                attachments=list(message.attachments.all()),
            )
        )

    for request in consultation.document_requests.select_related("requested_by"):
        entries.append(
            Entry(
                kind="document_request",
                at=request.requested_at,
                actor=request.requested_by,
                document_request=request,
            )
        )

    if include_internal:
        escalations = consultation.escalations.select_related(
            "section", "requested_by", "answered_by"
        )
        for escalation in escalations:
            entries.append(
                Entry(
                    kind="escalation",
                    at=escalation.requested_at,
                    actor=escalation.requested_by,
                    internal=True,
                    escalation=escalation,
                )
            )

    events = [
        event
        for event in consultation.events.select_related("actor")
        if event.action not in _ECHOED_EVENTS
        and (include_internal or event.action != Action.REASSIGN)
    ]
    names = _names_in(events, consultation) if include_internal else {}
    for event in events:
        entries.append(
            Entry(
                kind="event",
                at=event.created_at,
                actor=event.actor,
                internal=event.action == Action.REASSIGN,
                event=event,
                details=_details(event, names),
            )
        )

    entries.sort(key=lambda e: (e.at, _RANK.get(e.kind, 0), e.pk))
    return entries


def _names_in(events: list[Event], consultation: Consultation) -> dict[tuple[str, str], str]:
    """Display names of what classification and reassignment events refer to by code or id:
    at most one query per kind of reference, and none when no such event exists."""
    classified = [e for e in events if e.action == Action.CLASSIFY]
    reassigned = [e for e in events if e.action == Action.REASSIGN]
    names: dict[tuple[str, str], str] = {}
    if classified:
        # Unordered: the models' default order would join the office for its name.
        for code, name in (
            ServiceType.objects.filter(office=consultation.office_id)
            .order_by()
            .values_list("code", "name")
        ):
            names["service_type", code] = name
        for code, name in (
            Section.objects.filter(office=consultation.office_id)
            .order_by()
            .values_list("code", "name")
        ):
            names["section", code] = name
    user_ids = {e.data.get(key) for e in reassigned for key in ("from", "to")} - {None}
    if user_ids:
        for user in User.objects.filter(pk__in=user_ids):
            names["user", str(user.pk)] = str(user)
    return names


def _details(event: Event, names: dict[tuple[str, str], str]) -> dict[str, str]:
    data = event.data or {}
    if event.action == Action.CLASSIFY:
        return {
            key: names.get((key, str(data[key])), str(data[key]))
            for key in ("service_type", "section")
            if data.get(key)
        }
    if event.action == Action.REASSIGN:
        return {
            key: names.get(("user", str(data[key])), "")
            for key in ("from", "to")
            if data.get(key) is not None
        }
    return {}


def last_changed_by(consultation: Consultation) -> User | None:
    """Who made the latest change, for "changed by X — reload" when an edit comes too late."""
    event = consultation.events.select_related("actor").order_by("-created_at", "-pk").first()
    return event.actor if event is not None else None
