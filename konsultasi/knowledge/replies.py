"""Reply templates: the ready answers of an office per service type, and filling in their
placeholders for one consultation."""

from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.formats import date_format

from konsultasi.consultations.models import Consultation
from konsultasi.knowledge.models import ReplyTemplate

PLACEHOLDERS = ("{nama}", "{nomor}", "{jatuh_tempo}")


def templates_for(consultation: Consultation) -> list[ReplyTemplate]:
    """The office's active templates for the consultation's service type, then its general
    ones (no service type)."""
    found = ReplyTemplate.objects.filter(office_id=consultation.office_id, is_active=True)
    if consultation.service_type_id:
        found = found.filter(
            Q(service_type_id=consultation.service_type_id) | Q(service_type__isnull=True)
        )
    else:
        found = found.filter(service_type__isnull=True)
    return list(found.prefetch_related("entries").order_by("service_type", "title"))


def fill_template(template: ReplyTemplate, consultation: Consultation) -> str:
    """The template's text with {nama}, {nomor} and {jatuh_tempo} filled in (plain
    replacement, never str.format: a template is text the admin typed, not code)."""
    due = consultation.follow_up_due_at or consultation.service_due_at
    when = ""
    if due is not None:
        zone = ZoneInfo(consultation.office.time_zone)
        when = date_format(due.astimezone(zone), "DATETIME_FORMAT")
    values = {
        "{nama}": consultation.stakeholder.full_name,
        "{nomor}": consultation.number,
        "{jatuh_tempo}": when,
    }
    filled = template.body
    for placeholder, value in values.items():
        filled = filled.replace(placeholder, value)
    return filled
