"""What an outbox row says outside the application: its text and HTML, in the recipient's
language, from one template per kind of event (templates/notifications/email/).

The row's subject and body may hold what a user typed; templates escape it in HTML and the
subject is one line, so neither markup nor a header can be smuggled in."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.reply_tokens import reply_token

# Events the stakeholder hears of, and the staff's; anything else uses the general template.
STAKEHOLDER_TEMPLATES = frozenset(
    {
        "received",
        "claimed",
        "documents_requested",
        "progress",
        "officer_reply",
        "deferred",
        "resolved",
        "reopened",
        "cancelled",
        "survey_invitation",
    }
)
STAFF_TEMPLATES = frozenset(
    {"assigned", "escalated", "clock_approaching", "clock_breached", "new_consultation"}
)


def template_name(kind: str) -> str:
    if kind.startswith("clock_"):
        return "clock_approaching" if kind.endswith("_officer") else "clock_breached"
    if kind in STAKEHOLDER_TEMPLATES or kind in STAFF_TEMPLATES:
        return kind
    return "general"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    reference: str  # the signed reply token, "" when the row has no consultation


def render(row: OutboxMessage) -> Rendered:
    consultation = row.consultation
    reference = reply_token(consultation.pk) if consultation is not None else ""
    language = row.language if row.language in dict(settings.LANGUAGES) else "id"
    context = {
        "row": row,
        "consultation": consultation,
        "office": row.office,
        "body": row.body,
        "reference": reference,
        "site_url": getattr(settings, "KONSULTASI_SITE_URL", ""),
    }
    name = template_name(row.kind)
    with translation.override(language):
        text = render_to_string(f"notifications/email/{name}.txt", context)
        html = render_to_string(f"notifications/email/{name}.html", context)
    return Rendered(
        subject=" ".join(row.subject.splitlines()).strip(),
        text=text.strip() + "\n",
        html=html,
        reference=reference,
    )
