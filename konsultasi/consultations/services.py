"""Every change to a consultation after intake: one function per transition of the lifecycle.

Each service, in one database transaction:
1. locks the consultation row and checks the actor's permission (the permission table), the
   stakeholder's ownership, the edit's version and the transition table;
2. changes the rows (the consultation, its messages, escalations, document requests);
3. recomputes the clocks' deadlines and bumps the version;
4. appends the event (who, when, from, to, why) and queues the notifications.

Intake (walk-in, online, logged contact) lives in `intake.py`; it is re-exported here so that
pages, the API, e-mail ingestion and commands have one entry point."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from konsultasi import sla
from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.accounts.permissions import Action, require
from konsultasi.consultations import clocks, notify
from konsultasi.consultations.attachments import attach_files
from konsultasi.consultations.errors import (
    AlreadyClaimed,
    ConsultationNotFound,
    IllegalTransition,
    InvalidInput,
    StaleEdit,
)
from konsultasi.consultations.events import record_event
from konsultasi.consultations.intake import register_walk_in, submit_question
from konsultasi.consultations.models import (
    Consultation,
    DocumentRequest,
    Escalation,
    Message,
    Status,
)
from konsultasi.consultations.transitions import target_status
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Office, Section, ServiceType

__all__ = [
    "add_note",
    "answer_escalation",
    "cancel",
    "claim",
    "classify",
    "close",
    "defer_to_follow_up",
    "escalate",
    "hand_to_hai",
    "post_progress",
    "provide_documents",
    "reassign",
    "record_hai_answer",
    "register_walk_in",
    "reopen",
    "reply",
    "request_documents",
    "resolve",
    "submit_question",
]

TEXT_MAX = 20_000


@dataclass
class _Change:
    consultation: Consultation
    actor: User | None
    action: Action
    from_status: str
    to_status: str
    roles: frozenset[Role]
    now: datetime
    cal: sla.OfficeCalendar

    @property
    def by_stakeholder(self) -> bool:
        return self.roles == {Role.STAKEHOLDER}


def _begin(
    actor: User | None,
    consultation: Consultation,
    action: Action,
    *,
    expected_version: int | None = None,
) -> _Change:
    """Lock the row and run every check before anything is changed. Caller holds a transaction."""
    locked = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("office", "stakeholder", "service_type", "section", "assignee")
        .get(pk=consultation.pk)
    )
    roles: frozenset[Role] = frozenset()  # the system (background sweep) has no roles
    if actor is None and action != Action.CLOSE:
        raise ValueError("only closing after the quiet period is done by the system")
    if actor is not None:
        roles = require(actor, action, locked.office)
        if roles == {Role.STAKEHOLDER} and locked.stakeholder.user_id != actor.pk:
            raise ConsultationNotFound()
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit()
    to_status = target_status(action, locked.status, locked.resume_status)
    now = timezone.now()
    return _Change(
        consultation=locked,
        actor=actor,
        action=action,
        from_status=locked.status,
        to_status=to_status,
        roles=roles,
        now=now,
        cal=office_calendar(locked.office, around=now.date()),
    )


def _open_escalation(consultation: Consultation) -> Escalation | None:
    return (
        consultation.escalations.filter(answered_at__isnull=True, withdrawn_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )


def _finish(change: _Change, *, reason: str = "", data: dict | None = None) -> Consultation:
    c = change.consultation
    # Waiting (on the stakeholder or an escalation) remembers where to come back to.
    pausing = (Status.WAITING_STAKEHOLDER, Status.ESCALATED)
    if change.to_status != change.from_status:
        if change.to_status in pausing:
            c.resume_status = change.from_status
        elif change.from_status in pausing:
            c.resume_status = ""
    c.status = change.to_status
    clocks.recompute_deadlines(c, change.cal, open_escalation=_open_escalation(c))
    c.version += 1
    c.save()
    record_event(
        c,
        actor=change.actor,
        action=change.action,
        from_status=change.from_status,
        to_status=change.to_status,
        at=change.now,
        reason=reason,
        data=data,
    )
    return c


def _text(value: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(missing)
    if len(value) > TEXT_MAX:
        raise InvalidInput(_("The text is too long (at most 20,000 characters)."))
    return value


def _message(change: _Change, kind: str, body: str, *, internal: bool = False) -> Message:
    return Message.objects.create(
        consultation=change.consultation,
        author=change.actor,
        kind=kind,
        body=body,
        is_internal=internal,
    )


def _local(change: _Change, instant: datetime | None) -> str:
    return date_format(instant.astimezone(change.cal.tz), "DATETIME_FORMAT") if instant else ""


def _withdraw_escalations(consultation: Consultation, now: datetime) -> None:
    consultation.escalations.filter(answered_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )


# --- taking and routing -----------------------------------------------------------------


def claim(*, officer: User, consultation: Consultation) -> Consultation:
    """Take a new consultation. A conditional update: of two officers claiming at once exactly
    one wins; the other is told who has it."""
    with transaction.atomic():
        office = Office.objects.get(consultations=consultation.pk)
        require(officer, Action.CLAIM, office)
        won = (
            Consultation.objects.filter(pk=consultation.pk, status=Status.NEW)
            .filter(Q(assignee__isnull=True) | Q(assignee=officer))
            .update(
                status=Status.IN_PROGRESS,
                assignee=officer,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
        )
        current = Consultation.objects.select_related("assignee", "office", "stakeholder").get(
            pk=consultation.pk
        )
        if not won:
            if current.assignee_id and current.assignee_id != officer.pk:
                raise AlreadyClaimed(current.assignee)
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
    change = _begin(actor, consultation, Action.CLASSIFY, expected_version=expected_version)
    c = change.consultation
    section = section or service_type.default_section
    if service_type.office_id != c.office_id or not service_type.is_active:
        raise InvalidInput(_("Choose an active service type of this office."))
    if section.office_id != c.office_id or not section.is_active:
        raise InvalidInput(_("Choose an active section of this office."))
    c.service_type, c.section = service_type, section
    return _finish(change, data={"service_type": service_type.code, "section": section.code})


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
    change = _begin(actor, consultation, Action.REASSIGN, expected_version=expected_version)
    c = change.consultation
    staff = OfficeRole.objects.filter(
        user=officer, office=c.office, role__in=(Role.OFFICER, Role.SECTION_HEAD)
    )
    if not officer.is_active or not staff.exists():
        raise InvalidInput(_("Choose an active officer of this office."))
    previous = c.assignee
    c.assignee = officer
    _finish(change, data={"from": previous.pk if previous else None, "to": officer.pk})
    notify.tell_staff(
        c,
        kind="assigned",
        body=_("This consultation has been assigned to you."),
        users=[officer],
    )
    return c


# --- working on it ----------------------------------------------------------------------


@transaction.atomic
def request_documents(*, actor: User, consultation: Consultation, description: str) -> Consultation:
    """Ask the stakeholder for supporting documents; the clocks pause until they answer."""
    change = _begin(actor, consultation, Action.REQUEST_DOCUMENTS)
    description = _text(description, _("Describe the documents you need."))
    c = change.consultation
    DocumentRequest.objects.create(
        consultation=c, requested_by=actor, description=description, requested_at=change.now
    )
    _message(change, Message.Kind.DOCUMENT_REQUEST, description)
    clocks.start_waiting(c, change.now)
    _finish(change, reason=description)
    notify.tell_stakeholder(
        c,
        kind="documents_requested",
        body=_("Please send these supporting documents: %(description)s")
        % {"description": description},
    )
    return c


@transaction.atomic
def provide_documents(
    *, actor: User, consultation: Consultation, note: str = "", files=()
) -> Consultation:
    """The stakeholder answers a document request (an officer may record documents handed
    over at the desk). The clocks resume; the waiting time does not count."""
    change = _begin(actor, consultation, Action.PROVIDE_DOCUMENTS)
    c = change.consultation
    note = (note or "").strip()
    if not note and not files:
        raise InvalidInput(_("Attach the documents or write a message."))
    message = _message(change, Message.Kind.DOCUMENTS, note or _("Documents attached."))
    attach_files(c, message=message, files=files, uploaded_by=actor)
    c.document_requests.filter(fulfilled_at__isnull=True).update(fulfilled_at=change.now)
    clocks.stop_waiting(c, change.cal, change.now)
    _finish(change, data={"files": len(files)})
    notify.tell_staff(
        c,
        kind="documents_provided",
        body=_("The stakeholder has sent the requested documents."),
        users=notify.handlers_of(c),
    )
    return c


@transaction.atomic
def reply(*, actor: User, consultation: Consultation, body: str) -> Consultation:
    """A public message in the conversation, from either side. It changes no state."""
    change = _begin(actor, consultation, Action.REPLY)
    body = _text(body, _("Write a message."))
    c = change.consultation
    _message(change, Message.Kind.REPLY, body)
    _finish(change)
    if change.by_stakeholder:
        notify.tell_staff(c, kind="stakeholder_reply", body=body, users=notify.handlers_of(c))
    else:
        notify.tell_stakeholder(c, kind="officer_reply", body=body)
    return c


@transaction.atomic
def add_note(*, actor: User, consultation: Consultation, body: str) -> Consultation:
    """An internal note: staff only, never shown to the stakeholder."""
    change = _begin(actor, consultation, Action.ADD_NOTE)
    _message(change, Message.Kind.NOTE, _text(body, _("Write the note.")), internal=True)
    return _finish(change)


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
    change = _begin(actor, consultation, Action.RESOLVE, expected_version=expected_version)
    answer = _text(answer, _("Write the answer."))
    c = change.consultation
    clocks.stop_waiting(c, change.cal, change.now)
    clocks.end_service(c, change.cal, change.now)
    _withdraw_escalations(c, change.now)
    c.resolution, c.resolved_at = answer, change.now
    c.assignee = c.assignee or actor
    _message(change, Message.Kind.ANSWER, answer)
    _finish(change)
    notify.tell_stakeholder(c, kind="resolved", body=answer)
    return c


@transaction.atomic
def defer_to_follow_up(*, actor: User, consultation: Consultation, reason: str) -> Consultation:
    """The answer is not at hand: hand over to follow-up, due at the close of the 3rd working
    day after the consultation day, with regular progress updates until then."""
    change = _begin(actor, consultation, Action.DEFER)
    reason = _text(reason, _("Say why the answer needs more time."))
    c = change.consultation
    if not (c.stakeholder.phone or c.stakeholder.email):
        raise InvalidInput(_("Record the stakeholder's phone or e-mail so we can follow up."))
    clocks.end_service(c, change.cal, change.now)
    c.deferred_at = change.now
    _finish(change, reason=reason)
    notify.tell_stakeholder(
        c,
        kind="deferred",
        body=_(
            "We need more time to answer. You will have the solution by %(due)s, with "
            "progress updates until then."
        )
        % {"due": _local(change, c.follow_up_due_at)},
    )
    return c


@transaction.atomic
def post_progress(*, actor: User, consultation: Consultation, body: str) -> Consultation:
    """Tell the stakeholder how the pending solution is going; resets the progress clock."""
    change = _begin(actor, consultation, Action.POST_PROGRESS)
    body = _text(body, _("Write the progress update."))
    c = change.consultation
    _message(change, Message.Kind.PROGRESS, body)
    c.last_progress_at = change.now
    _finish(change)
    notify.tell_stakeholder(c, kind="progress", body=body)
    return c


# --- escalating -------------------------------------------------------------------------


@transaction.atomic
def escalate(
    *, actor: User, consultation: Consultation, reason: str, section: Section | None = None
) -> Consultation:
    """Hand the question up to the head of the responsible section, who answers within the
    office's escalation time (1 working day by default)."""
    change = _begin(actor, consultation, Action.ESCALATE)
    reason = _text(reason, _("Say what the section head should confirm."))
    c = change.consultation
    section = section or c.section
    if section is None:
        raise InvalidInput(_("Set the responsible section before escalating."))
    if section.office_id != c.office_id:
        raise InvalidInput(_("Choose a section of this office."))
    Escalation.objects.create(
        consultation=c,
        target=Escalation.Target.SECTION_HEAD,
        section=section,
        reason=reason,
        requested_by=actor,
        requested_at=change.now,
        due_at=clocks.escalation_due(change.cal, c.office, change.now),
    )
    _finish(change, reason=reason, data={"section": section.code})
    heads = (
        [section.head] if section.head else notify.officers_of(c.office, roles=(Role.OFFICE_HEAD,))
    )
    notify.tell_staff(c, kind="escalated", body=reason, users=heads)
    return c


@transaction.atomic
def answer_escalation(*, actor: User, consultation: Consultation, answer: str) -> Consultation:
    """The section head (or the office head) answers; the officer takes it from there."""
    change = _begin(actor, consultation, Action.ANSWER_ESCALATION)
    answer = _text(answer, _("Write the answer for the officer."))
    c = change.consultation
    escalation = _open_escalation(c)
    if escalation is None or escalation.target != Escalation.Target.SECTION_HEAD:
        raise InvalidInput(_("This consultation is not waiting for a section head."))
    if Role.OFFICE_HEAD not in change.roles and not _heads(actor, escalation.section):
        raise InvalidInput(
            _("Only the head of %(section)s can answer this escalation.")
            % {"section": escalation.section}
        )
    escalation.answer, escalation.answered_by, escalation.answered_at = answer, actor, change.now
    escalation.save(update_fields=["answer", "answered_by", "answered_at"])
    _message(change, Message.Kind.NOTE, answer, internal=True)
    _finish(change, data={"escalation": escalation.pk})
    notify.tell_staff(c, kind="escalation_answered", body=answer, users=notify.handlers_of(c))
    return c


def _heads(user: User, section: Section | None) -> bool:
    if section is None:
        return False
    return (
        section.head_id == user.pk
        or OfficeRole.objects.filter(
            user=user, office_id=section.office_id, role=Role.SECTION_HEAD, section=section
        ).exists()
    )


@transaction.atomic
def hand_to_hai(
    *, actor: User, consultation: Consultation, reason: str, external_reference: str = ""
) -> Consultation:
    """Hand the question over to the national helpdesk (HAI DJPb), a recorded escalation."""
    change = _begin(actor, consultation, Action.HAND_TO_HAI)
    reason = _text(reason, _("Say why the national helpdesk is needed."))
    reference = (external_reference or "").strip()[:100]
    c = change.consultation
    Escalation.objects.create(
        consultation=c,
        target=Escalation.Target.HAI_DJPB,
        reason=reason,
        requested_by=actor,
        requested_at=change.now,
        external_reference=reference,
    )
    _finish(change, reason=reason, data={"external_reference": reference})
    notify.tell_stakeholder(
        c,
        kind="handed_to_hai",
        body=_(
            "Your question has been passed to the national helpdesk HAI DJPb. We will keep "
            "you informed."
        ),
    )
    return c


@transaction.atomic
def record_hai_answer(
    *, actor: User, consultation: Consultation, answer: str, external_reference: str = ""
) -> Consultation:
    change = _begin(actor, consultation, Action.RECORD_HAI_ANSWER)
    answer = _text(answer, _("Write the national helpdesk's answer."))
    c = change.consultation
    escalation = _open_escalation(c)
    if escalation is None or escalation.target != Escalation.Target.HAI_DJPB:
        raise InvalidInput(_("This consultation is not waiting for HAI DJPb."))
    escalation.answer, escalation.answered_by, escalation.answered_at = answer, actor, change.now
    if external_reference:
        escalation.external_reference = external_reference.strip()[:100]
    escalation.save()
    _message(change, Message.Kind.NOTE, answer, internal=True)
    _finish(change, data={"escalation": escalation.pk})
    notify.tell_staff(c, kind="hai_answered", body=answer, users=notify.handlers_of(c))
    return c


# --- after the answer -------------------------------------------------------------------


@transaction.atomic
def reopen(*, actor: User, consultation: Consultation, reason: str) -> Consultation:
    """The answer did not solve it: back to work, within the quiet period after Resolved.
    A new service session starts; the handling time of the first is kept."""
    change = _begin(actor, consultation, Action.REOPEN)
    reason = _text(reason, _("Say why the answer did not solve the question."))
    c = change.consultation
    if c.auto_close_at is not None and change.now >= c.auto_close_at:
        raise InvalidInput(_("The period to reopen this consultation has passed."))
    _message(change, Message.Kind.REPLY, reason)
    c.service_started_at = sla.next_opening(change.cal, change.now)
    c.service_ended_at = c.deferred_at = c.last_progress_at = c.resolved_at = None
    c.service_paused = c.follow_up_paused = timedelta(0)
    _finish(change, reason=reason)
    notify.tell_staff(c, kind="reopened", body=reason, users=notify.handlers_of(c))
    return c


@transaction.atomic
def close(*, actor: User | None, consultation: Consultation) -> Consultation:
    """Close a resolved consultation: the stakeholder confirms, a head closes it, or the
    background sweep does (actor None) once the quiet period is over."""
    change = _begin(actor, consultation, Action.CLOSE)
    if actor is None and (
        change.consultation.auto_close_at is None or change.now < change.consultation.auto_close_at
    ):
        raise InvalidInput(_("The quiet period is not over yet."))
    change.consultation.closed_at = change.now
    return _finish(change, reason="" if actor else "quiet period over")


@transaction.atomic
def cancel(*, actor: User, consultation: Consultation, reason: str) -> Consultation:
    """Cancel an open consultation (duplicate, spam, withdrawn by the stakeholder)."""
    change = _begin(actor, consultation, Action.CANCEL)
    reason = _text(reason, _("Give the reason for cancelling."))
    c = change.consultation
    clocks.stop_waiting(c, change.cal, change.now)
    _withdraw_escalations(c, change.now)
    c.cancelled_at, c.cancel_reason = change.now, reason
    _finish(change, reason=reason)
    if change.by_stakeholder:
        notify.tell_staff(c, kind="cancelled", body=reason, users=notify.handlers_of(c))
    else:
        notify.tell_stakeholder(c, kind="cancelled", body=reason)
    return c
