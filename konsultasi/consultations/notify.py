"""Who hears of what. Each function queues the outbox rows for one kind of change; the
consultation services call them inside their transaction."""

from django.utils.translation import gettext as _

from konsultasi.accounts.models import OfficeRole, Role
from konsultasi.consultations.models import Consultation
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import queue_notification


def _stakeholder_addresses(consultation: Consultation) -> list[tuple[str, str]]:
    profile = consultation.stakeholder
    return [(OutboxMessage.Channel.EMAIL, profile.email)] if profile.email else []


def tell_stakeholder(consultation: Consultation, *, kind: str, body: str) -> None:
    subject = _("[%(number)s] %(subject)s") % {
        "number": consultation.number,
        "subject": consultation.subject,
    }
    queue_notification(
        office=consultation.office,
        consultation=consultation,
        kind=kind,
        subject=subject,
        body=body,
        recipients=[consultation.stakeholder.user],
        addresses=_stakeholder_addresses(consultation),
    )


def tell_staff(consultation: Consultation, *, kind: str, body: str, users) -> None:
    subject = _("[%(number)s] %(subject)s") % {
        "number": consultation.number,
        "subject": consultation.subject,
    }
    queue_notification(
        office=consultation.office,
        consultation=consultation,
        kind=kind,
        subject=subject,
        body=body,
        recipients=users,
    )


def officers_of(office, *, roles=(Role.OFFICER,)):
    return [
        role.user
        for role in OfficeRole.objects.filter(
            office=office, role__in=roles, user__is_active=True
        ).select_related("user")
    ]


def handlers_of(consultation: Consultation) -> list:
    """Who handles it: its officer, or while nobody has claimed it, every officer of the office."""
    if consultation.assignee_id:
        return [consultation.assignee]
    return officers_of(consultation.office)


def section_head_of(consultation: Consultation):
    section = consultation.section
    return section.head if section is not None else None
