"""Queue notifications in the outbox. Callers are inside the transaction of the change the
notification announces (the consultation services), so the row commits or rolls back with it."""

import logging
from collections.abc import Iterable
from datetime import timedelta
from time import monotonic

from django.db import router, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from konsultasi.kept_inserts import insert_new
from konsultasi.notifications.models import NoticeReading, OutboxMessage
from konsultasi.notifications.tasks import deliver_outbox_task

log = logging.getLogger(__name__)


def notifications(
    *,
    office,
    kind: str,
    subject: str,
    body: str,
    recipients: Iterable = (),
    recipient_ids: Iterable[int | None] = (),
    addresses: Iterable[tuple[str, str]] = (),
    to_the_office_officers: bool = False,
    consultation=None,
    language: str = "id",
) -> list[OutboxMessage]:
    """The unsaved outbox rows: one per user recipient (in-app, each user once; named by
    their rows or, when the caller need not read those, by their ids), one per (channel,
    address) pair, and with `to_the_office_officers` one in-app notice for all of the
    office's officers. Subject lines are single-line: CR/LF are folded so no header can be
    injected when the message is sent. `language` is the one the addressed rows are written
    in (the recipient's)."""
    subject = " ".join(subject.splitlines())[:200]
    common = {"office": office, "consultation": consultation, "kind": kind, "body": body}
    users = dict.fromkeys(u.pk for u in recipients if u is not None)
    users.update(dict.fromkeys(pk for pk in recipient_ids if pk is not None))
    rows = [
        OutboxMessage(
            **common, channel=OutboxMessage.Channel.IN_APP, recipient_id=pk, subject=subject
        )
        for pk in users
    ]
    if to_the_office_officers:
        rows.append(OutboxMessage(**common, channel=OutboxMessage.Channel.IN_APP, subject=subject))
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
    _inside_the_change()
    return queued(insert_new(rows))


def queued(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    """Rows the caller wrote itself, in the change's transaction, with the change's other rows
    (`kept_inserts.insert_new_together`): the courier is woken for those not read in the app,
    as `queue` wakes it."""
    _inside_the_change()
    if any(row._state.adding for row in rows):
        raise ValueError("write the rows before saying they are queued")
    if any(row.channel != OutboxMessage.Channel.IN_APP for row in rows):
        _wake_the_courier_with_the_change()
    return rows


def _inside_the_change() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue notifications inside the transaction of the change")


# How long a courier task waits before it starts, gathering the messages of the changes that
# commit meanwhile: a busy desk then wakes the worker about once a second, not once a change.
COURIER_GATHERS_FOR = timedelta(seconds=1)
# A change joins the courier already on its way only when it has this long left to commit
# before the courier starts; later, it wakes one of its own.
_TIME_TO_COMMIT = 0.25
# When the courier this process last enqueued starts (monotonic()); see _CourierWoken.
_courier_starts_at = 0.0


def _wake_the_courier_with_the_change() -> None:
    """Deliver soon after the change commits, once per transaction; the periodic scheduler
    catches up otherwise.

    With the database task backend the task row is written here, in the change's own
    transaction: it commits or rolls back with the outbox rows (a worker cannot see it
    before them), and the change needs no second write transaction after its commit. It
    starts `COURIER_GATHERS_FOR` later, and until then the changes this process commits ride
    on it instead of writing a task each. A savepoint rolled back discards the marker below
    with the row, so the next rows queued enqueue again. Other backends (one that runs the
    task at once) enqueue after the commit."""
    pending = transaction.get_connection().run_on_commit
    if any(
        isinstance(callback, _CourierWoken) or callback is _wake_the_courier
        for _, callback, _ in pending
    ):
        return
    if _tasks_commit_with_the_change():
        if monotonic() < _courier_starts_at - _TIME_TO_COMMIT:
            return
        starts_at = monotonic() + COURIER_GATHERS_FOR.total_seconds()
        deliver_outbox_task.using(run_after=timezone.now() + COURIER_GATHERS_FOR).enqueue()
        transaction.on_commit(_CourierWoken(starts_at))
    else:
        transaction.on_commit(_wake_the_courier)


def _tasks_commit_with_the_change() -> bool:
    backend = deliver_outbox_task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return router.db_for_write(DBTaskResult) == transaction.get_connection().alias


class _CourierWoken:
    """Marks a transaction whose courier task is already written; once it commits, the
    process knows a courier is on its way. (Known only after the commit: a courier rolled
    back with its change carries nothing.)"""

    def __init__(self, starts_at: float):
        self.starts_at = starts_at

    def __call__(self) -> None:
        global _courier_starts_at
        _courier_starts_at = max(_courier_starts_at, self.starts_at)


def forget_the_courier_on_its_way() -> None:
    """For tests, whose database (and the task rows in it) is emptied between them."""
    global _courier_starts_at
    _courier_starts_at = 0.0


def _wake_the_courier() -> None:
    try:
        deliver_outbox_task.enqueue()
    except Exception:  # the scheduler's next round delivers it; the change itself is done
        log.warning("could not enqueue the outbox delivery", exc_info=True)


def queue_notification(**fields) -> list[OutboxMessage]:
    return queue(notifications(**fields))


def unread_in_app(user, *, office) -> "QuerySet[OutboxMessage]":
    """The in-app notifications addressed to `user` in `office` not yet marked read, newest
    first. (Notices to all of the office's officers: `officers_notices`.)"""
    return OutboxMessage.objects.filter(
        recipient=user,
        office=office,
        channel=OutboxMessage.Channel.IN_APP,
        read_at__isnull=True,
    ).order_by("-created_at", "-pk")


def officers_notices(office) -> "QuerySet[OutboxMessage]":
    """The in-app notices to all of the office's officers, newest first."""
    return OutboxMessage.objects.filter(
        office=office, channel=OutboxMessage.Channel.IN_APP, recipient__isnull=True
    ).order_by("-created_at", "-pk")


def not_read_by(user, notices: "QuerySet[OutboxMessage]") -> "QuerySet[OutboxMessage]":
    """Those of the officers' `notices` that `user` has not marked read."""
    return notices.exclude(Exists(NoticeReading.objects.filter(notice=OuterRef("pk"), reader=user)))


def mark_read(
    user,
    *,
    office,
    pks: Iterable[int] | None = None,
    with_same_consultation: bool = False,
    officers_notices_shown: "QuerySet[OutboxMessage] | None" = None,
) -> int:
    """Mark the user's own in-app notifications read (all of them in the office when `pks` is
    None; with `with_same_consultation`, also their others about the same consultations), and
    of the officers' notices shown to the user as unread (`officers_notices_shown`, when they
    are one of the officers), the same ones for them alone. Rows addressed to someone else are never
    touched. Returns how many changed."""
    now = timezone.now()
    chosen = _choice(user, office, pks, with_same_consultation, officers_notices_shown)
    read = chosen(unread_in_app(user, office=office)).update(read_at=now)
    if officers_notices_shown is not None:
        readings = [
            NoticeReading(notice_id=pk, reader=user, read_at=now)
            for pk in chosen(officers_notices_shown).values_list("pk", flat=True)
        ]
        # Another tab may have marked the same one a moment ago: once is enough.
        read += len(NoticeReading.objects.bulk_create(readings, ignore_conflicts=True))
    return read


def _choice(user, office, pks, with_same_consultation, officers_notices_shown):
    """Which of a queryset of the person's unread notices `mark_read` marks."""
    if pks is None:
        return lambda unread: unread
    pks = list(pks)
    if not with_same_consultation:
        return lambda unread: unread.filter(pk__in=pks)
    # The consultations of the chosen notices the person may read (their own, or the
    # officers' when they are one): their other notices about them go too.
    theirs = Q(recipient=user)
    if officers_notices_shown is not None:
        theirs |= Q(recipient__isnull=True, channel=OutboxMessage.Channel.IN_APP)
    about = list(
        OutboxMessage.objects.filter(theirs, office=office, pk__in=pks)
        .exclude(consultation=None)
        .values_list("consultation", flat=True)
    )
    return lambda unread: unread.filter(Q(pk__in=pks) | Q(consultation__in=about))
