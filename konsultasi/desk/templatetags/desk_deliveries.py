"""The workspace's panel of what was sent about a consultation (notifications.selectors)."""

from django import template
from django.utils.translation import gettext_lazy as _

from konsultasi.notifications.selectors import deliveries_of

register = template.Library()

KIND_LABELS = {
    "received": _("question received"),
    "claimed": _("officer handling it"),
    "new_consultation": _("new question"),
    "assigned": _("assigned"),
    "documents_requested": _("documents requested"),
    "documents_provided": _("documents received"),
    "officer_reply": _("officer's reply"),
    "stakeholder_reply": _("stakeholder's reply"),
    "progress": _("progress update"),
    "deferred": _("deferred to follow-up"),
    "resolved": _("answer"),
    "reopened": _("reopened"),
    "cancelled": _("cancelled"),
    "escalated": _("escalated"),
    "escalation_answered": _("escalation answered"),
    "survey_invitation": _("survey invitation"),
}


@register.simple_tag
def deliveries(consultation) -> list:
    return list(deliveries_of(consultation))


@register.filter
def delivery_kind(kind: str) -> str:
    if kind.startswith("clock_"):
        return str(_("deadline approaching") if kind.endswith("_officer") else _("deadline passed"))
    return str(KIND_LABELS.get(kind, kind))
