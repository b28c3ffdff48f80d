"""The face-to-face procedure of the service standard, before and around step 1: a visitor
takes a number at the kiosk, an officer calls it to a counter, and registers the visitor's
question into a consultation (`consultations.services.register_walk_in`), which starts the
20-minute service clock.

Numbers restart every service day (the office's local date) and are never given twice: the
per-office, per-day sequence row is bumped by one UPDATE, which holds the row's lock until the
transaction ends (PostgreSQL), or runs while the transaction holds SQLite's write lock
(IMMEDIATE). Each ticket goes to exactly one officer: calling is a conditional update that
only succeeds while the ticket is still waiting."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.accounts.models import StakeholderProfile, User
from konsultasi.accounts.permissions import Action, require
from konsultasi.consultations.models import Consultation
from konsultasi.consultations.services import register_walk_in
from konsultasi.errors import DomainError
from konsultasi.offices.models import Office, ServiceType
from konsultasi.walkins.models import Counter, Ticket, TicketSequence

# Calling is a conditional update; when another officer takes the first waiting ticket in
# between, the next one is tried. More attempts than this means something else is wrong.
CALL_ATTEMPTS = 20


class QueueError(DomainError):
    code = "queue"


class QueueEmpty(QueueError):
    code = "queue_empty"

    def __init__(self) -> None:
        super().__init__(_("Nobody is waiting in the queue."))


class TicketNotFound(QueueError):
    code = "not_found"

    def __init__(self) -> None:
        super().__init__(_("Queue number not found."))


def service_day(office: Office, at: datetime | None = None) -> date:
    """The office's local date: numbers restart at local midnight, not at UTC midnight."""
    return timezone.localtime(at or timezone.now(), office.zone).date()


def take_ticket(*, office: Office, service_type: ServiceType | None = None) -> Ticket:
    """A visitor takes the next number of today (no sign-in: anyone at the kiosk may)."""
    if not office.is_active:
        raise QueueError(_("This office does not take visitors here."))
    if service_type is not None and (
        service_type.office_id != office.pk or not service_type.is_active
    ):
        raise QueueError(_("Choose an active service type of this office."))
    now = timezone.now()
    day = service_day(office, now)
    with transaction.atomic():
        return Ticket.objects.create(
            office=office,
            service_day=day,
            number=_next_number(office, day),
            service_type=service_type,
            taken_at=now,
        )


def _next_number(office: Office, day: date) -> int:
    """Caller holds a transaction. The UPDATE locks the day's sequence row until it ends, so
    a second kiosk waits and gets the next number; the first ticket of a day creates the row,
    and a kiosk that loses that race bumps the row the winner created."""
    bumped = TicketSequence.objects.filter(office=office, service_day=day).update(
        last=F("last") + 1
    )
    if not bumped:
        try:
            with transaction.atomic():
                TicketSequence.objects.create(office=office, service_day=day, last=1)
        except IntegrityError:
            TicketSequence.objects.filter(office=office, service_day=day).update(last=F("last") + 1)
    return TicketSequence.objects.get(office=office, service_day=day).last


def waiting_ahead(ticket: Ticket) -> int:
    """How many visitors of the same day are still waiting before this ticket."""
    return Ticket.objects.filter(
        office_id=ticket.office_id,
        service_day=ticket.service_day,
        status=Ticket.Status.WAITING,
        number__lt=ticket.number,
    ).count()


def call_next(*, officer: User, office: Office, counter: Counter) -> Ticket:
    """Call the first waiting number of today to `counter`.

    Steps: check the officer takes walk-ins here and the counter is the office's; refuse
    while the officer still has a number called and not yet dealt with; finish the visitor
    the officer was serving; take the first waiting ticket with a conditional update (if
    another officer took it a moment earlier, try the next one)."""
    require(officer, Action.REGISTER_WALK_IN, office)
    if counter.office_id != office.pk or not counter.is_active:
        raise QueueError(_("Choose an active counter of this office."))
    now = timezone.now()
    day = service_day(office, now)
    with transaction.atomic():
        # One call at a time per counter: a double-clicked button waits here, then finds the
        # number it just called still pending and is refused instead of calling a second.
        Counter.objects.select_for_update().filter(pk=counter.pk).first()
        pending = (
            Ticket.objects.filter(
                office=office, service_day=day, status=Ticket.Status.CALLED, called_by=officer
            )
            .order_by("number")
            .first()
        )
        if pending is not None:
            raise QueueError(
                _(
                    "Number %(number)s is still called at your counter: register the visitor, "
                    "call again or mark them not present first."
                )
                % {"number": pending.label}
            )
        Ticket.objects.filter(
            office=office, status=Ticket.Status.SERVING, called_by=officer
        ).update(status=Ticket.Status.DONE, finished_at=now)
        for _attempt in range(CALL_ATTEMPTS):
            candidate = _first_waiting(office, day)
            if candidate is None:
                raise QueueEmpty()
            taken = Ticket.objects.filter(pk=candidate, status=Ticket.Status.WAITING).update(
                status=Ticket.Status.CALLED,
                counter=counter,
                called_by=officer,
                called_at=now,
                times_called=1,
            )
            if taken:
                return Ticket.objects.select_related("counter", "service_type").get(pk=candidate)
    raise QueueError(_("The queue is busy; try again."))


def _first_waiting(office: Office, day: date) -> int | None:
    return (
        Ticket.objects.filter(office=office, service_day=day, status=Ticket.Status.WAITING)
        .order_by("number")
        .values_list("pk", flat=True)
        .first()
    )


def recall(*, officer: User, ticket: Ticket) -> Ticket:
    """Call the same number again (the display shows it as new and chimes again)."""
    return _change_called(
        officer,
        ticket,
        times_called=F("times_called") + 1,
        called_at=timezone.now(),
    )


def mark_no_show(*, officer: User, ticket: Ticket) -> Ticket:
    """The visitor did not come to the counter; the officer can call the next number."""
    return _change_called(officer, ticket, status=Ticket.Status.NO_SHOW, finished_at=timezone.now())


def finish(*, officer: User, ticket: Ticket) -> Ticket:
    """The visitor has left the counter. The consultation goes on in the workspace."""
    _check(officer, ticket)
    done = Ticket.objects.filter(
        pk=ticket.pk, status=Ticket.Status.SERVING, called_by=officer
    ).update(status=Ticket.Status.DONE, finished_at=timezone.now())
    if not done:
        raise QueueError(_("This number is not being served at your counter."))
    return Ticket.objects.get(pk=ticket.pk)


def register_visitor(
    *,
    officer: User,
    ticket: Ticket,
    stakeholder: StakeholderProfile,
    subject: str,
    question: str,
    service_type: ServiceType | None = None,
) -> Consultation:
    """Steps 1–3 of the standard for a called visitor: the officer has their profile and
    their question; the consultation is registered (its service clock starts now, it is the
    officer's) and the ticket is served by it. A repeated submit returns the same
    consultation: the ticket's id is the intake's idempotency token."""
    _check(officer, ticket)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if locked.consultation_id is not None and locked.called_by_id == officer.pk:
            return Consultation.objects.get(pk=locked.consultation_id)
        _require_called_by(officer, locked)
        consultation = register_walk_in(
            officer=officer,
            office=locked.office,
            stakeholder=stakeholder,
            subject=subject,
            question=question,
            service_type=service_type,
            client_token=f"queue-ticket-{locked.pk}",
        )
        locked.status = Ticket.Status.SERVING
        locked.consultation = consultation
        locked.save(update_fields=["status", "consultation"])
    return consultation


def _check(officer: User, ticket: Ticket) -> None:
    require(officer, Action.REGISTER_WALK_IN, ticket.office)


def _require_called_by(officer: User, ticket: Ticket) -> None:
    if ticket.status != Ticket.Status.CALLED:
        raise QueueError(
            _("Number %(number)s is no longer called (%(status)s).")
            % {"number": ticket.label, "status": ticket.get_status_display()}
        )
    if ticket.called_by_id != officer.pk:
        raise QueueError(
            _("Number %(number)s was called by %(officer)s.")
            % {"number": ticket.label, "officer": ticket.called_by}
        )


def _change_called(officer: User, ticket: Ticket, **changes) -> Ticket:
    """A conditional update of a ticket the officer called and has not dealt with yet."""
    _check(officer, ticket)
    changed = Ticket.objects.filter(
        pk=ticket.pk, status=Ticket.Status.CALLED, called_by=officer
    ).update(**changes)
    fresh = Ticket.objects.select_related("counter", "called_by").get(pk=ticket.pk)
    if not changed:
        _require_called_by(officer, fresh)
    return fresh
