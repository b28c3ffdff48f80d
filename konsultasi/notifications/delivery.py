"""Delivering the outbox: claim a due row, hand it to its channel's sender, record the outcome.

1. A row is due when it waits (`pending`, its next attempt reached) or when the worker that
   claimed it died (`sending`, its claim expired).
2. A worker claims a row by a conditional update on the state and attempt count it read, so of
   two workers exactly one wins; on PostgreSQL the candidates are also read with SKIP LOCKED
   so workers do not queue up behind each other.
3. The sender (channels.py registry) gets the row; its delivery key is the same on every
   attempt, so a send repeated after a crash (sent, then killed before step 4) is recognised
   as the same message by the receiver (the e-mail's Message-ID, the request's
   Idempotency-Key).
4. Sent: the row is marked sent. Failed: tried again after an exponentially growing wait;
   after the last attempt, or a permanent failure, it is parked for an administrator.

In-app rows are never "sent": they are shown on the desk and the portal."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from konsultasi.notifications.channels import DeliveryFailed, PermanentFailure, sender_for
from konsultasi.notifications.models import STILL_TO_SEND, OutboxMessage
from konsultasi.partial_index import stated

log = logging.getLogger(__name__)

State = OutboxMessage.State


def max_attempts() -> int:
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", 8)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, … minutes, at most 6 hours."""
    base = getattr(settings, "OUTBOX_BACKOFF_SECONDS", 60)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def claim_lease() -> timedelta:
    """How long a claim holds: longer than any send takes (SMTP and HTTP time out sooner)."""
    return timedelta(seconds=getattr(settings, "OUTBOX_CLAIM_SECONDS", 300))


def due(now: datetime):
    # Among the rows still to send only, stated as their partial index states it, so that
    # SQLite reads that index too rather than every in-app and sent row.
    return OutboxMessage.objects.filter(stated(STILL_TO_SEND)).filter(
        Q(state=State.PENDING, next_attempt_at__isnull=True)
        | Q(state=State.PENDING, next_attempt_at__lte=now)
        | Q(state=State.SENDING, claimed_until__lt=now)
    )


def claim_next(now: datetime) -> OutboxMessage | None:
    """Claim one due row for this worker, or None when nothing is due."""
    for _round in range(20):  # another worker may win each candidate; try the next ones
        with transaction.atomic():
            candidates = due(now).order_by("created_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            picked = list(candidates.values("pk", "state", "attempts")[:5])
            if not picked:
                return None
            for row in picked:
                won = OutboxMessage.objects.filter(
                    pk=row["pk"], state=row["state"], attempts=row["attempts"]
                ).update(
                    state=State.SENDING,
                    attempts=F("attempts") + 1,
                    claimed_until=now + claim_lease(),
                )
                if won:
                    return OutboxMessage.objects.select_related("consultation", "office").get(
                        pk=row["pk"]
                    )
    return None


def deliver_one(row: OutboxMessage, *, now: datetime | None = None) -> str:
    """Send a claimed row and record the outcome; returns the row's new state."""
    sender = sender_for(row.channel)
    try:
        if sender is None:
            raise PermanentFailure(f"no sender is registered for the channel {row.channel!r}")
        sender(row)
    except PermanentFailure as failure:
        return _record(row, State.PARKED, error=str(failure) or type(failure).__name__)
    except Exception as failure:  # DeliveryFailed, or a sender's own bug: both are retried
        if not isinstance(failure, DeliveryFailed):
            log.exception("outbox row %s: the %s sender failed", row.pk, row.channel)
        error = str(failure) or type(failure).__name__
        if row.attempts >= max_attempts():
            return _record(row, State.PARKED, error=error)
        later = (now or timezone.now()) + backoff(row.attempts)
        return _record(row, State.PENDING, error=error, next_attempt_at=later)
    return _record(row, State.SENT)


def _record(row: OutboxMessage, state: str, *, error: str = "", next_attempt_at=None) -> str:
    # Only our own claim is closed: if it expired and another worker took the row meanwhile,
    # that worker's attempt count differs and it records the outcome instead.
    fields: dict = {"state": state, "claimed_until": None, "next_attempt_at": next_attempt_at}
    if state == State.SENT:
        fields["sent_at"] = timezone.now()
    else:
        fields["last_error"] = error[:2000]
    OutboxMessage.objects.filter(pk=row.pk, state=State.SENDING, attempts=row.attempts).update(
        **fields
    )
    if state == State.PARKED:
        log.warning("outbox row %s parked after %s attempts: %s", row.pk, row.attempts, error)
    return state


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Deliver what is due, at most `limit` rows; returns how many ended in each state."""
    outcome: dict[str, int] = {State.SENT: 0, State.PENDING: 0, State.PARKED: 0}
    for _ in range(limit):
        at = now or timezone.now()
        row = claim_next(at)
        if row is None:
            break
        outcome[deliver_one(row, now=at)] += 1
    return {str(state): count for state, count in outcome.items()}


def retry_parked(pks) -> int:
    """An administrator's retry: parked rows wait again, with a fresh round of attempts."""
    return OutboxMessage.objects.filter(pk__in=list(pks), state=State.PARKED).update(
        state=State.PENDING, attempts=0, next_attempt_at=None, last_error=""
    )
