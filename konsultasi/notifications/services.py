"""Queue notifications in the outbox. Callers are inside the transaction of the change the
notification announces (the consultation services), so the row commits or rolls back with it."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.tasks import deliver_outbox_task

log = logging.getLogger(__name__)


def notifications(
    *,
    office,
    kind: str,
    subject: str,
    body: str,
    recipients: Iterable = (),
    addresses: Iterable[tuple[str, str]] = (),
    consultation=None,
    language: str = "id",
) -> list[OutboxMessage]:
    """The unsaved outbox rows: one per user recipient (in-app, each user once) and one per
        (channel, address) pair. Subject lines are single-line: CR/LF are folded so no header
        can be injected when the message is sent. `language` is the one the addressed rows are
    written in (the recipient's)."""
    subject = " ".join(subject.splitlines())[:200]
    common = {"office": office, "consultation": consultation, "kind": kind, "body": body}
    rows = [
        OutboxMessage(
            **common, channel=OutboxMessage.Channel.IN_APP, recipient=user, subject=subject
        )
        for user in {u.pk: u for u in recipients if u is not None}.values()
    ]
    rows += [
        OutboxMessage(
            **common, channel=channel, address=address, subject=subject, language=language
        )
        for channel, address in addresses
        if address
    ]
    return rows


def queue(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    """Write the rows, inside the transaction of the change they announce."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue notifications inside the transaction of the change")
    saved = OutboxMessage.objects.bulk_create(rows, batch_size=500)
    if any(row.channel != OutboxMessage.Channel.IN_APP for row in saved):
        # Deliver soon after the change commits; the periodic scheduler catches up otherwise.
        transaction.on_commit(_wake_the_courier)
    return saved


def _wake_the_courier() -> None:
    try:
        deliver_outbox_task.enqueue()
    except Exception:  # the scheduler's next round delivers it; the change itself is done
        log.warning("could not enqueue the outbox delivery", exc_info=True)


def queue_notification(**fields) -> list[OutboxMessage]:
    return queue(notifications(**fields))


def unread_in_app(user, *, office) -> "QuerySet[OutboxMessage]":
    """The in-app notifications for `user` in `office` not yet marked read, newest first."""
    return OutboxMessage.objects.filter(
        recipient=user,
        office=office,
        channel=OutboxMessage.Channel.IN_APP,
        read_at__isnull=True,
    ).order_by("-created_at", "-pk")


def mark_read(
    user, *, office, pks: Iterable[int] | None = None, with_same_consultation: bool = False
) -> int:
    """Mark the user's own in-app notifications read (all of them in the office when `pks` is
    None; with `with_same_consultation`, also their others about the same consultations).
    Rows addressed to someone else are never touched. Returns how many changed."""
    unread = unread_in_app(user, office=office)
    if pks is not None:
        chosen = unread.filter(pk__in=list(pks))
        if with_same_consultation:
            about = chosen.filter(consultation__isnull=False).values("consultation")
            chosen = unread.filter(Q(pk__in=list(pks)) | Q(consultation__in=about))
        unread = chosen
    return unread.update(read_at=timezone.now())
