"""Words for the workspace timeline: what each line is, in the officer's language."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konsultasi.accounts.permissions import Action
from konsultasi.consultations.models import Consultation, Escalation, Status
from konsultasi.consultations.timeline import Entry
from konsultasi.desk.attachments import PREVIEWABLE

register = template.Library()

MESSAGE_LABELS = {
    "question": gettext_lazy("Question"),
    "note": gettext_lazy("Internal note"),
    "documents": gettext_lazy("Documents received"),
    "progress": gettext_lazy("Progress update"),
    "answer": gettext_lazy("Answer (resolved)"),
    "document_request": gettext_lazy("Documents requested"),
}

EVENT_LABELS: dict[str, object] = {
    "import": gettext_lazy("Imported from earlier records"),  # consultations.importing
    Action.SUBMIT: gettext_lazy("Received"),
    Action.REGISTER_WALK_IN: gettext_lazy("Registered at the counter"),
    Action.CLAIM: gettext_lazy("Claimed"),
    Action.CLASSIFY: gettext_lazy("Classified"),
    Action.DEFER: gettext_lazy("Deferred to follow-up"),
    Action.ANSWER_ESCALATION: gettext_lazy("Escalation answered"),
    Action.RECORD_HAI_ANSWER: gettext_lazy("HAI DJPb's answer recorded"),
    Action.REASSIGN: gettext_lazy("Reassigned"),
    Action.REOPEN: gettext_lazy("Reopened"),
    Action.CLOSE: gettext_lazy("Closed"),
    Action.CANCEL: gettext_lazy("Cancelled"),
}


@register.simple_tag
def entry_label(entry: Entry, consultation: Consultation) -> str:
    if entry.kind == "event" and entry.event is not None:
        return str(EVENT_LABELS.get(entry.event.action, entry.event.action))
    if entry.kind == "escalation" and entry.escalation is not None:
        escalation = entry.escalation
        if escalation.target == Escalation.Target.HAI_DJPB:
            return _("Handed over to HAI DJPb")
        return _("Escalated to the head of %(section)s") % {
            "section": escalation.section or _("the section")
        }
    if entry.kind == "reply":
        by_stakeholder = (
            entry.actor is not None and entry.actor.pk == consultation.stakeholder.user_id
        )
        return (
            _("Message from the stakeholder") if by_stakeholder else _("Reply to the stakeholder")
        )
    return str(MESSAGE_LABELS.get(entry.kind, entry.kind))


@register.simple_tag
def actor_name(entry: Entry, consultation: Consultation) -> str:
    """Who wrote or did it: the stakeholder by the name on their profile, staff by name."""
    if entry.actor is None:
        return ""
    if entry.actor.pk == consultation.stakeholder.user_id:
        return consultation.stakeholder.full_name
    return str(entry.actor)


@register.simple_tag
def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


@register.filter
def previewable(attachment) -> bool:
    return attachment.content_type in PREVIEWABLE


@register.filter
def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return _("%(n)s MB") % {"n": number_format(size / (1024 * 1024), 1)}
    return _("%(n)d KB") % {"n": max(1, round(size / 1024))}
