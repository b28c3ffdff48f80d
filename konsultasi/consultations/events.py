from datetime import datetime
from typing import Any, NotRequired, TypedDict, Unpack

from konsultasi.accounts.permissions import Action
from konsultasi.consultations.models import Consultation, Event
from konsultasi.kept_inserts import insert_new
from konsultasi.notifications import webhooks
from konsultasi.notifications.models import WebhookSubscription

# What an office's integrations may subscribe to: one event per action of the lifecycle.
WEBHOOK_EVENTS = [f"consultation.{action.value}" for action in Action if action != Action.VIEW]


class HistoryLine(TypedDict):
    """What a line of the history says (`new_event`, `record_event`)."""

    actor: Any  # the user who acted, or None (the system, an inbound message)
    action: str
    from_status: str
    to_status: str
    at: datetime
    reason: NotRequired[str]
    data: NotRequired[dict | None]


def record_event(
    consultation: Consultation,
    *,
    webhook_subscriptions: list | None = None,
    **line: Unpack[HistoryLine],
) -> Event:
    """Append one line to the consultation's history and queue it for the office's webhook
    subscriptions (`webhook_subscriptions`: read already by the caller, before its
    transaction). Caller is inside the change's transaction."""
    (event,) = insert_new([new_event(consultation, **line)])
    announce(event, consultation, subscriptions=webhook_subscriptions)
    return event


def new_event(consultation: Consultation, **line: Unpack[HistoryLine]) -> Event:
    """The history line, not yet written: for a caller that writes it with the change's other
    rows (`kept_inserts.insert_new_together`) and then `announce`s it."""
    return Event(
        consultation=consultation,
        actor=line["actor"],
        action=str(line["action"]),
        from_status=line["from_status"],
        to_status=line["to_status"],
        reason=line.get("reason", ""),
        data=line.get("data") or {},
        created_at=line["at"],
    )


def announce(event: Event, consultation: Consultation, *, subscriptions=None) -> None:
    """Tell the office's integrations. The payload names the change, not its content (no
    question, answer or personal data): a receiver reads the rest through the API."""
    webhooks.announce(
        office=consultation.office,
        consultation=consultation,
        event=f"consultation.{event.action}",
        payload={
            "event_id": event.pk,
            "occurred_at": event.created_at.isoformat(),
            "office": consultation.office.slug,
            "consultation": {
                "number": consultation.number,
                "status": consultation.status,
                "version": consultation.version,
            },
            "from_status": event.from_status,
            "to_status": event.to_status,
        },
        subscriptions=subscriptions,
    )


def announce_many(events: list[Event]) -> None:
    """Announce events written in bulk (the sweep closing quiet consultations): one query
    finds the offices that have subscriptions, and only their consultations are read."""
    if not events:
        return
    listening = set(
        WebhookSubscription.objects.filter(is_active=True).values_list("office_id", flat=True)
    )
    if not listening:
        return
    consultations = Consultation.objects.select_related("office").in_bulk(
        [e.consultation_id for e in events]
    )
    for event in events:
        consultation = consultations[event.consultation_id]
        if consultation.office_id in listening:
            announce(event, consultation)
