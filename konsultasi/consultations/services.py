"""Every change to a consultation after intake: one function per transition of the lifecycle.

Each service, in one database transaction:
1. locks the consultation row and checks the actor's permission (the permission table), the
   stakeholder's ownership, the edit's version and the transition table;
2. changes the rows (the consultation, its messages, escalations, document requests);
3. recomputes the clocks' deadlines and bumps the version;
4. appends the event (who, when, from, to, why) and queues the notifications.

Intake (walk-in, online, logged contact) lives in `intake.py` and escalation in
`escalations.py`; both are re-exported here so that pages, the API, e-mail ingestion and
commands have one entry point. The frame of every change is in `changes.py`."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.accounts.permissions import Action, require, roles_in
from konsultasi.consultations import clocks, notify
from konsultasi.consultations.attachments import attach_files
from konsultasi.consultations.changes import (
    add_message,
    begin_change,
    finish_change,
    last_actor,
    local_time,
    required_text,
    withdraw_escalations,
)
from konsultasi.consultations.errors import (
    AlreadyClaimed,
    ConsultationNotFound,
    IllegalTransition,
    InvalidInput,
    StaleEdit,
)
from konsultasi.consultations.escalations import (
    answer_escalation,
    escalate,
    hand_to_hai,
    record_hai_answer,
)
from konsultasi.consultations.events import announce_many, record_event
from konsultasi.consultations.intake import (
    register_walk_in,
    submit_question,
    take_in_from_outside,
)
from konsultasi.consultations.models import (
    Consultation,
    DocumentRequest,
    Event,
    Message,
    Status,
)
from konsultasi.consultations.online import ask_online
from konsultasi.offices.models import Office, Section, ServiceType

__all__ = [
    "add_note",
    "answer_escalation",
    "ask_online",
    "cancel",
    "claim",
    "classify",
    "close",
    "close_quiet_consultations",
    "defer_to_follow_up",
    "escalate",
    "hand_to_hai",
    "post_progress",
    "provide_documents",
    "reassign",
    "receive_from_outside",
    "record_hai_answer",
    "register_walk_in",
    "reopen",
    "reply",
    "request_documents",
    "resolve",
    "submit_question",
    "take_in_from_outside",
]

# --- taking and routing -----------------------------------------------------------------


def claim(
    *, officer: User, consultation: Consultation, expected_version: int | None = None
) -> Consultation:
    """Take a new consultation. A conditional update: of two officers claiming at once exactly
    one wins; the other is told who has it."""
    with transaction.atomic():
        office = Office.objects.filter(consultations=consultation.pk).first()
        if office is None or not roles_in(officer, office):
            raise ConsultationNotFound()
        require(officer, Action.CLAIM, office)
        unclaimed = Consultation.objects.filter(pk=consultation.pk, status=Status.NEW)
        if expected_version is not None:
            unclaimed = unclaimed.filter(version=expected_version)
        won = unclaimed.filter(Q(assignee__isnull=True) | Q(assignee=officer)).update(
            status=Status.IN_PROGRESS,
            assignee=officer,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        current = Consultation.objects.select_related("assignee", "office", "stakeholder").get(
            pk=consultation.pk
        )
        if not won:
            if current.assignee_id and current.assignee_id != officer.pk:
                raise AlreadyClaimed(current.assignee)
            if expected_version is not None and current.version != expected_version:
                raise StaleEdit(changed_by=last_actor(current))
            raise IllegalTransition(action=str(Action.CLAIM), status=current.get_status_display())
        record_event(
            current,
            actor=officer,
            action=Action.CLAIM,
            from_status=Status.NEW,
            to_status=Status.IN_PROGRESS,
            at=timezone.now(),
        )
        notify.tell_stakeholder(
            current,
            kind="claimed",
            body=_("%(officer)s is now handling your question.") % {"officer": officer},
        )
        return current


@transaction.atomic
def classify(
    *,
    actor: User,
    consultation: Consultation,
    service_type: ServiceType,
    section: Section | None = None,
    expected_version: int | None = None,
) -> Consultation:
    """Set the service type (its target sets the service clock) and the responsible section
    (by default the type's)."""
    change = begin_change(actor, consultation, Action.CLASSIFY, expected_version=expected_version)
    c = change.consultation
    section = section or service_type.default_section
    if service_type.office_id != c.office_id or not service_type.is_active:
        raise InvalidInput(_("Choose an active service type of this office."))
    if section.office_id != c.office_id or not section.is_active:
        raise InvalidInput(_("Choose an active section of this office."))
    c.service_type, c.section = service_type, section
    return finish_change(change, data={"service_type": service_type.code, "section": section.code})


@transaction.atomic
def reassign(
    *,
    actor: User,
    consultation: Consultation,
    officer: User,
    expected_version: int | None = None,
) -> Consultation:
    """Give the consultation to another officer of the office (a new one is assigned and
    waits for that officer to claim it)."""
    change = begin_change(actor, consultation, Action.REASSIGN, expected_version=expected_version)
    c = change.consultation
    staff = OfficeRole.objects.filter(
        user=officer, office=c.office, role__in=(Role.OFFICER, Role.SECTION_HEAD)
    )
    if not officer.is_active or not staff.exists():
        raise InvalidInput(_("Choose an active officer of this office."))
    previous = c.assignee
    c.assignee = officer
    finish_change(change, data={"from": previous.pk if previous else None, "to": officer.pk})
    notify.tell_staff(
        c,
        kind="assigned",
        body=_("This consultation has been assigned to you."),
        users=[officer],
    )
    return c


# --- working on it ----------------------------------------------------------------------


@transaction.atomic
def request_documents(
    *,
    actor: User,
    consultation: Consultation,
    description: str,
    expected_version: int | None = None,
) -> Consultation:
    """Ask the stakeholder for supporting documents; the clocks pause until they answer."""
    change = begin_change(
        actor, consultation, Action.REQUEST_DOCUMENTS, expected_version=expected_version
    )
    description = required_text(description, _("Describe the documents you need."))
    c = change.consultation
    DocumentRequest.objects.create(
        consultation=c, requested_by=actor, description=description, requested_at=change.now
    )
    add_message(change, Message.Kind.DOCUMENT_REQUEST, description)
    clocks.start_waiting(c, change.now)
    c.progress_counted_from = change.now  # the request is news to the stakeholder too
    finish_change(change, reason=description)
    notify.tell_stakeholder(
        c,
        kind="documents_requested",
        body=_("Please send these supporting documents: %(description)s")
        % {"description": description},
    )
    return c


@transaction.atomic
def provide_documents(
    *,
    actor: User,
    consultation: Consultation,
    note: str = "",
    files=(),
    expected_version: int | None = None,
) -> Consultation:
    """The stakeholder answers a document request (an officer may record documents handed
    over at the desk). The clocks resume; the waiting time does not count."""
    change = begin_change(
        actor, consultation, Action.PROVIDE_DOCUMENTS, expected_version=expected_version
    )
    c = change.consultation
    note = (note or "").strip()
    if not note and not files:
        raise InvalidInput(_("Attach the documents or write a message."))
    message = add_message(change, Message.Kind.DOCUMENTS, note or _("Documents attached."))
    stored = attach_files(c, message=message, files=files, uploaded_by=actor)
    try:
        c.document_requests.filter(fulfilled_at__isnull=True).update(fulfilled_at=change.now)
        clocks.stop_waiting(c, change.cal, change.now)
        c.progress_counted_from = change.now  # the ball is back with us: the cadence restarts
        finish_change(change, data={"files": len(files)})
        notify.tell_staff(
            c,
            kind="documents_provided",
            body=_("The stakeholder has sent the requested documents."),
            users=notify.handlers_of(c),
        )
    except BaseException:
        # The rows roll back with the transaction; the files on disk would not.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return c


@transaction.atomic
def reply(
    *, actor: User, consultation: Consultation, body: str, expected_version: int | None = None
) -> Consultation:
    """A public message in the conversation, from either side. It changes no state."""
    change = begin_change(actor, consultation, Action.REPLY, expected_version=expected_version)
    body = required_text(body, _("Write a message."))
    c = change.consultation
    add_message(change, Message.Kind.REPLY, body)
    finish_change(change)
    if change.by_stakeholder:
        notify.tell_staff(c, kind="stakeholder_reply", body=body, users=notify.handlers_of(c))
    else:
        notify.tell_stakeholder(c, kind="officer_reply", body=body)
    return c


@transaction.atomic
def receive_from_outside(*, consultation: Consultation, body: str, files=()) -> Consultation:
    """What the stakeholder sent by e-mail or WhatsApp about their consultation, threaded by a
    signed reference or their number (inbound ingestion). Posted for the consultation's
    stakeholder, never as staff. While documents are awaited it answers the request (the clocks
    resume); otherwise it is a reply. Files pass the same checks as uploads."""
    waiting = consultation.status == Status.WAITING_STAKEHOLDER
    action = Action.PROVIDE_DOCUMENTS if waiting else Action.REPLY
    change = begin_change(None, consultation, action)
    c = change.consultation
    body = required_text(body, _("Write a message.")) if (body or "").strip() or not files else ""
    message = Message.objects.create(
        consultation=c,
        author=c.stakeholder.user,
        kind=Message.Kind.DOCUMENTS if waiting else Message.Kind.REPLY,
        body=body or _("Documents attached."),
    )
    stored = attach_files(c, message=message, files=files, uploaded_by=c.stakeholder.user)
    try:
        if waiting:
            c.document_requests.filter(fulfilled_at__isnull=True).update(fulfilled_at=change.now)
            clocks.stop_waiting(c, change.cal, change.now)
            c.progress_counted_from = change.now
        finish_change(change, data={"files": len(stored), "from_outside": True})
        notify.tell_staff(
            c,
            kind="documents_provided" if waiting else "stakeholder_reply",
            body=body or _("The stakeholder has sent the requested documents."),
            users=notify.handlers_of(c),
        )
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return c


@transaction.atomic
def add_note(
    *, actor: User, consultation: Consultation, body: str, expected_version: int | None = None
) -> Consultation:
    """An internal note: staff only, never shown to the stakeholder."""
    change = begin_change(actor, consultation, Action.ADD_NOTE, expected_version=expected_version)
    add_message(change, Message.Kind.NOTE, required_text(body, _("Write the note.")), internal=True)
    return finish_change(change)


# --- answering --------------------------------------------------------------------------


@transaction.atomic
def resolve(
    *,
    actor: User,
    consultation: Consultation,
    answer: str,
    expected_version: int | None = None,
) -> Consultation:
    """Send the answer: the consultation is Resolved, the service clock stops and the handling
    time is recorded. The stakeholder may reopen it during the quiet period."""
    change = begin_change(actor, consultation, Action.RESOLVE, expected_version=expected_version)
    answer = required_text(answer, _("Write the answer."))
    c = change.consultation
    clocks.stop_waiting(c, change.cal, change.now)
    clocks.end_service(c, change.cal, change.now)
    withdraw_escalations(c, change.now)
    c.resolution, c.resolved_at = answer, change.now
    c.assignee = c.assignee or actor
    add_message(change, Message.Kind.ANSWER, answer)
    finish_change(change)
    notify.tell_stakeholder(c, kind="resolved", body=answer)
    return c


@transaction.atomic
def defer_to_follow_up(
    *, actor: User, consultation: Consultation, reason: str, expected_version: int | None = None
) -> Consultation:
    """The answer is not at hand: hand over to follow-up, due at the close of the 3rd working
    day after the consultation day, with regular progress updates until then."""
    change = begin_change(actor, consultation, Action.DEFER, expected_version=expected_version)
    reason = required_text(reason, _("Say why the answer needs more time."))
    c = change.consultation
    if not (c.stakeholder.phone or c.stakeholder.email):
        raise InvalidInput(_("Record the stakeholder's phone or e-mail so we can follow up."))
    clocks.leave_session_unanswered(c, change.cal, change.now)
    finish_change(change, reason=reason)
    notify.tell_stakeholder(
        c,
        kind="deferred",
        body=_(
            "We need more time to answer. You will have the solution by %(due)s, with "
            "progress updates until then."
        )
        % {"due": local_time(change, c.follow_up_due_at)},
    )
    return c


@transaction.atomic
def post_progress(
    *, actor: User, consultation: Consultation, body: str, expected_version: int | None = None
) -> Consultation:
    """Tell the stakeholder how the pending solution is going; resets the progress clock."""
    change = begin_change(
        actor, consultation, Action.POST_PROGRESS, expected_version=expected_version
    )
    body = required_text(body, _("Write the progress update."))
    c = change.consultation
    add_message(change, Message.Kind.PROGRESS, body)
    c.progress_counted_from = change.now
    finish_change(change)
    notify.tell_stakeholder(c, kind="progress", body=body)
    return c


# --- after the answer -------------------------------------------------------------------


@transaction.atomic
def reopen(
    *, actor: User, consultation: Consultation, reason: str, expected_version: int | None = None
) -> Consultation:
    """The answer did not solve it: back to work, within the quiet period after Resolved.
    A new service session starts; the handling time of the first is kept."""
    change = begin_change(actor, consultation, Action.REOPEN, expected_version=expected_version)
    reason = required_text(reason, _("Say why the answer did not solve the question."))
    c = change.consultation
    if c.auto_close_at is not None and change.now >= c.auto_close_at:
        raise InvalidInput(_("The period to reopen this consultation has passed."))
    add_message(change, Message.Kind.REPLY, reason)
    c.service_started_at = sla.next_opening(change.cal, change.now)
    c.service_ended_at = c.deferred_at = c.progress_counted_from = c.resolved_at = None
    c.service_paused = c.follow_up_paused = timedelta(0)
    finish_change(change, reason=reason)
    notify.tell_staff(c, kind="reopened", body=reason, users=notify.handlers_of(c))
    if not change.by_stakeholder:  # reopened at the desk, say after a phone call: tell them
        notify.tell_stakeholder(c, kind="reopened", body=reason)
    return c


@transaction.atomic
def close(
    *, actor: User | None, consultation: Consultation, expected_version: int | None = None
) -> Consultation:
    """Close a resolved consultation: the stakeholder confirms, a head closes it, or the
    background sweep does (actor None) once the quiet period is over."""
    change = begin_change(actor, consultation, Action.CLOSE, expected_version=expected_version)
    if actor is None and (
        change.consultation.auto_close_at is None or change.now < change.consultation.auto_close_at
    ):
        raise InvalidInput(_("The quiet period is not over yet."))
    change.consultation.closed_at = change.now
    return finish_change(change, reason="" if actor else "quiet period over")


def close_quiet_consultations(
    *, now: datetime, batch_size: int = 200, after_batch: Callable[[], object] | None = None
) -> int:
    """Close every resolved consultation whose quiet period is over (the background sweep's
    part of `close`), in short batches so that a catch-up after downtime never holds the write
    lock for long. Return how many were closed.

    A batch does in bulk what `close(actor=None)` does one by one: a resolved consultation has
    no clock running but the quiet period, so closing it clears `auto_close_at`, bumps the
    version and appends the event; a row reopened meanwhile no longer matches and is left."""
    closed = 0
    while True:
        with transaction.atomic():
            quiet = list(
                Consultation.objects.select_for_update(of=("self",))
                .filter(status=Status.RESOLVED, auto_close_at__lte=now)
                .order_by("auto_close_at", "pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            Consultation.objects.filter(pk__in=quiet).update(
                status=Status.CLOSED,
                closed_at=now,
                auto_close_at=None,
                nearest_due_at=None,
                next_alert_at=None,
                version=F("version") + 1,
                updated_at=now,
            )
            events = Event.objects.bulk_create(
                Event(
                    consultation_id=pk,
                    action=Action.CLOSE,
                    from_status=Status.RESOLVED,
                    to_status=Status.CLOSED,
                    reason="quiet period over",
                    created_at=now,
                )
                for pk in quiet
            )
            announce_many(events)
        closed += len(quiet)
        if quiet and after_batch is not None:
            after_batch()  # between transactions: the sweep checkpoints SQLite's WAL here
        if len(quiet) < batch_size:
            return closed


@transaction.atomic
def cancel(
    *, actor: User, consultation: Consultation, reason: str, expected_version: int | None = None
) -> Consultation:
    """Cancel an open consultation (duplicate, spam, withdrawn by the stakeholder)."""
    change = begin_change(actor, consultation, Action.CANCEL, expected_version=expected_version)
    reason = required_text(reason, _("Give the reason for cancelling."))
    c = change.consultation
    clocks.stop_waiting(c, change.cal, change.now)
    withdraw_escalations(c, change.now)
    c.cancelled_at, c.cancel_reason = change.now, reason
    finish_change(change, reason=reason)
    if change.by_stakeholder:
        notify.tell_staff(c, kind="cancelled", body=reason, users=notify.handlers_of(c))
    else:
        notify.tell_stakeholder(c, kind="cancelled", body=reason)
    return c
