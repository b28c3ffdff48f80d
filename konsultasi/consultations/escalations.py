"""Escalation: up to the head of the responsible section, or out to the national helpdesk
(HAI DJPb), from work in progress or from follow-up.

Escalating from work in progress ends the service session unanswered, exactly as a deferral
does: the 20-minute clock stops and the follow-up promise (3 working days) starts; the answer
brings the consultation back to follow-up. From follow-up the promise simply keeps running —
the office's promise does not pause while it asks itself. Meanwhile the escalation clock (a
section head answers within a working day) and the progress cadence run too."""

from django.db import transaction
from django.utils.translation import gettext as _

from konsultasi.accounts.models import Role, User
from konsultasi.accounts.permissions import Action
from konsultasi.accounts.selectors import heads_section
from konsultasi.consultations import clocks, notify
from konsultasi.consultations.changes import (
    add_message,
    begin_change,
    finish_change,
    open_escalation,
    required_text,
)
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Consultation, Escalation, Message
from konsultasi.offices.models import Section


@transaction.atomic
def escalate(
    *,
    actor: User,
    consultation: Consultation,
    reason: str,
    section: Section | None = None,
    expected_version: int | None = None,
) -> Consultation:
    """Hand the question up to the head of the responsible section, who answers within the
    office's escalation time (1 working day by default)."""
    change = begin_change(actor, consultation, Action.ESCALATE, expected_version=expected_version)
    reason = required_text(reason, _("Say what the section head should confirm."))
    c = change.consultation
    section = section or c.section
    if section is None:
        raise InvalidInput(_("Set the responsible section before escalating."))
    if section.office_id != c.office_id:
        raise InvalidInput(_("Choose a section of this office."))
    clocks.leave_session_unanswered(c, change.cal, change.now)
    Escalation.objects.create(
        consultation=c,
        target=Escalation.Target.SECTION_HEAD,
        section=section,
        reason=reason,
        requested_by=actor,
        requested_at=change.now,
        due_at=clocks.escalation_due(change.cal, c.office, change.now),
    )
    finish_change(change, reason=reason, data={"section": section.code})
    notify.tell_staff(c, kind="escalated", body=reason, users=notify.head_for(section, c.office))
    return c


@transaction.atomic
def answer_escalation(
    *, actor: User, consultation: Consultation, answer: str, expected_version: int | None = None
) -> Consultation:
    """The section head (or the office head) answers; the officer takes it from there."""
    change = begin_change(
        actor, consultation, Action.ANSWER_ESCALATION, expected_version=expected_version
    )
    answer = required_text(answer, _("Write the answer for the officer."))
    c = change.consultation
    escalation = open_escalation(c)
    if escalation is None or escalation.target != Escalation.Target.SECTION_HEAD:
        raise InvalidInput(_("This consultation is not waiting for a section head."))
    if Role.OFFICE_HEAD not in change.roles and not heads_section(actor, escalation.section):
        raise InvalidInput(
            _("Only the head of %(section)s can answer this escalation.")
            % {"section": escalation.section}
        )
    return _record_answer(change, escalation, answer, kind="escalation_answered")


@transaction.atomic
def hand_to_hai(
    *,
    actor: User,
    consultation: Consultation,
    reason: str,
    external_reference: str = "",
    expected_version: int | None = None,
) -> Consultation:
    """Hand the question over to the national helpdesk (HAI DJPb), a recorded escalation."""
    change = begin_change(
        actor, consultation, Action.HAND_TO_HAI, expected_version=expected_version
    )
    reason = required_text(reason, _("Say why the national helpdesk is needed."))
    reference = (external_reference or "").strip()[:100]
    c = change.consultation
    clocks.leave_session_unanswered(c, change.cal, change.now)
    Escalation.objects.create(
        consultation=c,
        target=Escalation.Target.HAI_DJPB,
        reason=reason,
        requested_by=actor,
        requested_at=change.now,
        external_reference=reference,
    )
    c.progress_counted_from = change.now  # the stakeholder is told, below
    finish_change(change, reason=reason, data={"external_reference": reference})
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
    *,
    actor: User,
    consultation: Consultation,
    answer: str,
    external_reference: str = "",
    expected_version: int | None = None,
) -> Consultation:
    change = begin_change(
        actor, consultation, Action.RECORD_HAI_ANSWER, expected_version=expected_version
    )
    answer = required_text(answer, _("Write the national helpdesk's answer."))
    c = change.consultation
    escalation = open_escalation(c)
    if escalation is None or escalation.target != Escalation.Target.HAI_DJPB:
        raise InvalidInput(_("This consultation is not waiting for HAI DJPb."))
    if external_reference:
        escalation.external_reference = external_reference.strip()[:100]
    return _record_answer(change, escalation, answer, kind="hai_answered")


def _record_answer(change, escalation: Escalation, answer: str, *, kind: str) -> Consultation:
    """Close the escalation with its answer, keep the answer as an internal note for the
    officer, and tell whoever handles the consultation."""
    escalation.answer, escalation.answered_by, escalation.answered_at = (
        answer,
        change.actor,
        change.now,
    )
    escalation.save()
    add_message(change, Message.Kind.NOTE, answer, internal=True)
    c = finish_change(change, data={"escalation": escalation.pk})
    notify.tell_staff(c, kind=kind, body=answer, users=notify.handlers_of(c))
    return c
