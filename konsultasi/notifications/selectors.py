"""Reads of the outbox that pages share."""

from django.db.models import QuerySet

from konsultasi.notifications.models import OutboxMessage

DELIVERIES_SHOWN = 50


def deliveries_of(consultation) -> "QuerySet[OutboxMessage]":
    """What was sent about a consultation, to whom, when and by which channel: newest first,
    at most DELIVERIES_SHOWN rows, one query. The caller has already checked that the reader
    may see the consultation."""
    return (
        OutboxMessage.objects.filter(consultation=consultation)
        .select_related("recipient")
        .only(
            "created_at",
            "sent_at",
            "read_at",
            "kind",
            "channel",
            "address",
            "state",
            "attempts",
            "next_attempt_at",
            "last_error",
            "recipient__first_name",
            "recipient__last_name",
            "recipient__username",
        )
        .order_by("-created_at", "-pk")[:DELIVERIES_SHOWN]
    )
