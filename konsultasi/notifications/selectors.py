"""Reads of the outbox that pages share."""

from django.db.models import OuterRef, QuerySet

from konsultasi.counted import count_of
from konsultasi.notifications.models import NoticeReading, OutboxMessage

DELIVERIES_SHOWN = 50


def deliveries_of(consultation) -> "QuerySet[OutboxMessage]":
    """What was sent about a consultation, to whom, when and by which channel: newest first,
    at most DELIVERIES_SHOWN rows, one query. The caller has already checked that the reader
    may see the consultation. A notice to all of the office's officers carries how many of
    them have read it (`readers`)."""
    return (
        OutboxMessage.objects.filter(consultation=consultation)
        .annotate(readers=count_of(NoticeReading.objects.filter(notice=OuterRef("pk"))))
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
