"""The background sweep over the clocks: alerts for approaching and breached deadlines,
recorded once per clock, step and deadline and announced in the transaction that records them;
and the closing of resolved consultations whose quiet period is over.

Its cost follows the work that is actually due, not the number of open or overdue
consultations: it reads only the consultations whose `next_alert_at` (kept by the frame of
every change, see `alerting.py`) has come, in short batches.

Steps of one batch:
1. read the due consultations and their recorded alerts, outside any write transaction, and
   work out in office time which steps are reached and when the next one falls due;
2. build the alerts and their notifications (the staff read once per sweep), still outside;
3. in one short transaction, move each consultation's `next_alert_at` on — only if it is still
   at the version and the `next_alert_at` that were read (a compare-and-set, so a consultation
   changed meanwhile, or taken by a second sweep, is left for the next run and no alert is
   ever announced for a state it has left) — then insert the alerts and notifications of
   those in bulk.
On SQLite the write lock is held for one batch at a time, never for the whole catch-up."""

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.accounts.models import Role
from konsultasi.accounts.selectors import section_heads
from konsultasi.consultations import alerting, notify
from konsultasi.consultations.models import Alert, Consultation, Escalation
from konsultasi.consultations.services import close_quiet_consultations
from konsultasi.errors import DomainError
from konsultasi.notifications.services import queue
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Office

log = logging.getLogger(__name__)

# Consultations per batch, and so per write transaction. On SQLite an officer's change waits
# for the batch's lock: at 1,000,000, a 72-hour catch-up on a slow two-core machine kept an
# officer waiting 2.8 s with batches of 200, 0.24 s with 50, for 12 % more time in all.
BATCH_SIZE = 50


class _Calendars(dict):
    """The calendars of the offices met in one sweep, each built once."""

    def __init__(self, now: datetime):
        super().__init__()
        self.now = now

    def __missing__(self, office_id: int) -> sla.OfficeCalendar | None:
        try:
            cal = office_calendar(Office.objects.get(pk=office_id), around=self.now.date())
        except DomainError as broken:
            log.error("clock sweep skips office %s: %s", office_id, broken)
            cal = None
        self[office_id] = cal
        return cal


def sweep_clocks(*, now: datetime, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Record and announce every alert step reached by `now`; close what is past its quiet
    period. Returns how many alerts were announced and how many consultations closed."""
    calendars = _Calendars(now)
    people = _People()
    announced = 0
    after: tuple[datetime, int] | None = None
    while True:
        batch = _due_batch(now, after, batch_size)
        if not batch:
            break
        announced += _alert(batch, calendars, people, now)
        checkpoint_wal()
        after = (batch[-1].next_alert_at, batch[-1].pk)
    closed = close_quiet_consultations(now=now, batch_size=batch_size, after_batch=checkpoint_wal)
    return {"alerts": announced, "closed": closed}


def checkpoint_wal() -> bool:
    """On SQLite, copy the pages this sweep just wrote from the write-ahead log into the
    database file now, in the worker, between its batches. Left to SQLite's automatic
    checkpoint, that copy falls on whichever commit finds the log past its limit — during a
    catch-up, often an officer's, who then waits a second or more for pages they did not
    write. PASSIVE: it never waits for readers or writers, it copies what it can.

    Only outside a transaction (a checkpoint cannot run inside one); returns whether it ran."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    return True


def _due_batch(now: datetime, after: tuple[datetime, int] | None, size: int) -> list:
    """The next consultations (in next_alert_at, pk order) due for a look: keyset paging, so
    one left as it was (its office's calendar is broken, or it changed meanwhile) is not read
    twice in one sweep."""
    due = Consultation.objects.filter(next_alert_at__lte=now)
    if after is not None:
        at, pk = after
        due = due.filter(Q(next_alert_at__gt=at) | Q(next_alert_at=at, pk__gt=pk))
    return list(
        due.select_related("office", "assignee", "section").order_by("next_alert_at", "pk")[:size]
    )


def _alert(
    batch: list[Consultation], calendars: _Calendars, people: "_People", now: datetime
) -> int:
    """Work out, outside the write lock, every alert and notification the batch would bring;
    then, under the lock, keep those of the consultations still as they were read."""
    recorded = alerting.recorded_alerts(c.pk for c in batch)
    plans = []
    for c in batch:
        cal = calendars[c.office_id]
        if cal is None:
            continue
        pending = alerting.pending_steps(c, cal, recorded.get(c.pk, frozenset()))
        reached = [s for s in pending if s.at <= now]
        later = min((s.at for s in pending if s.at > now), default=None)
        plans.append((c, reached, later))
    alerts = {
        c.pk: [
            Alert(consultation=c, clock=s.clock, step=s.step, due_at=s.due_at, created_at=now)
            for s in reached
        ]
        for c, reached, _ in plans
    }
    announcements = _announcements([(c, reached) for c, reached, _ in plans], people)

    with transaction.atomic():
        # Locked (PostgreSQL) or under the write lock (SQLite) from here to the commit: a
        # change to one of these consultations waits, and one made since they were read is
        # seen here and left for the next sweep. Only the checks and the writes happen here.
        as_read = {c.pk: (c.version, c.next_alert_at) for c, _, _ in plans}
        still = set(
            Consultation.objects.select_for_update(of=("self",))
            .filter(pk__in=list(as_read))
            .values_list("pk", "version", "next_alert_at")
        )
        nexts = {c.pk: later for c, _, later in plans if (c.pk, *as_read[c.pk]) in still}
        Consultation.objects.filter(pk__in=list(nexts)).update(
            next_alert_at=Case(
                *(When(pk=pk, then=Value(at, DateTimeField())) for pk, at in nexts.items()),
                default=F("next_alert_at"),
            )
        )
        Alert.objects.bulk_create(
            [alert for pk in nexts for alert in alerts[pk]], ignore_conflicts=True
        )
        queue([row for pk in nexts for row in announcements[pk][1]])
        return sum(announcements[pk][0] for pk in nexts)


class _People:
    """The staff the sweep notifies, read once per office, role or section for the whole
    sweep (not per batch)."""

    def __init__(self):
        self.found: dict[tuple, list] = {}

    def staff_of(self, office: Office, role: str) -> list:
        if ("office", office.pk, role) not in self.found:
            self.found["office", office.pk, role] = notify.officers_of(office, roles=(role,))
        return self.found["office", office.pk, role]

    def head_for(self, section, office: Office) -> list:
        if section is None:
            return self.staff_of(office, Role.OFFICE_HEAD)
        if ("section", section.pk) not in self.found:
            self.found["section", section.pk] = section_heads(section)
        return self.found["section", section.pk] or self.staff_of(office, Role.OFFICE_HEAD)

    def handlers(self, c: Consultation) -> list:
        return [c.assignee] if c.assignee_id else self.staff_of(c.office, Role.OFFICER)


def _announcements(
    plans: list[tuple[Consultation, list[alerting.DueStep]]], people: _People
) -> dict[int, tuple[int, list]]:
    """Per consultation: how many steps are announced, and the unsaved outbox rows.

    When a clock's deadline has already passed as the sweep first sees it (after downtime),
    the "approaching" step is recorded but not announced: the officer hears of the breach."""
    escalated_to = {
        e.consultation_id: e.section
        for e in Escalation.objects.open()
        .filter(
            consultation__in=[
                c.pk
                for c, reached in plans
                if any(s.clock == Alert.Clock.ESCALATION for s in reached)
            ]
        )
        .select_related("section")
    }
    found: dict[int, tuple[int, list]] = {}
    for c, reached in plans:
        rows: list = []
        count = 0
        breached = {s.clock for s in reached if s.step == Alert.Step.SECTION_HEAD}
        for s in reached:
            if s.step == Alert.Step.OFFICER and s.clock in breached:
                continue
            # For an unanswered escalation the head asked answers for it; else the section's.
            section = (
                escalated_to.get(c.pk, c.section)
                if s.clock == Alert.Clock.ESCALATION
                else c.section
            )
            if s.step == Alert.Step.OFFICER:
                users = people.handlers(c)
                if s.clock == Alert.Clock.ESCALATION:
                    users = [*users, *people.head_for(section, c.office)]
                body = _("The %(clock)s deadline of this consultation is near or past.")
            elif s.step == Alert.Step.SECTION_HEAD:
                users = [*people.handlers(c), *people.head_for(section, c.office)]
                body = _("The %(clock)s deadline of this consultation has passed.")
            else:
                users = people.staff_of(c.office, Role.OFFICE_HEAD)
                body = _("The %(clock)s deadline of this consultation is long past.")
            rows += notify.staff_notifications(
                c,
                kind=f"clock_{s.clock}_{s.step}",
                body=body % {"clock": Alert.Clock(s.clock).label},
                users=users,
            )
            count += 1
        found[c.pk] = (count, rows)
    return found
