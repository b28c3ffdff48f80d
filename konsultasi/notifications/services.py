"""Queue notifications in the outbox. Callers are inside the transaction of the change the
notification announces (the consultation services), so the row commits or rolls back with it."""

from collections.abc import Iterable

from django.db import transaction

from konsultasi.notifications.models import OutboxMessage


def queue_notification(
    *,
    office,
    kind: str,
    subject: str,
    body: str,
    recipients: Iterable = (),
    addresses: Iterable[tuple[str, str]] = (),
    consultation=None,
) -> list[OutboxMessage]:
    """Write one outbox row per user recipient (in-app) and per (channel, address) pair.

    Subject lines are single-line: CR/LF are folded so no header can be injected later."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue notifications inside the transaction of the change")
    subject = " ".join(subject.splitlines())[:200]
    rows = [
        OutboxMessage(
            office=office,
            consultation=consultation,
            kind=kind,
            channel=OutboxMessage.Channel.IN_APP,
            recipient=user,
            subject=subject,
            body=body,
        )
        for user in {u.pk: u for u in recipients if u is not None}.values()
    ]
    rows += [
        OutboxMessage(
            office=office,
            consultation=consultation,
            kind=kind,
            channel=channel,
            address=address,
            subject=subject,
            body=body,
        )
        for channel, address in addresses
        if address
    ]
    return OutboxMessage.objects.bulk_create(rows)
