"""Who hears of what. Each function queues the outbox rows for one kind of change; the
consultation services call them inside their transaction."""

from django.utils.translation import gettext as _

from konsultasi.accounts.models import OfficeRole, Role
from konsultasi.accounts.selectors import section_heads
from konsultasi.consultations.models import Consultation
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import notifications, queue, queue_notification


def _subject(consultation: Consultation) -> str:
    return _("[%(number)s] %(subject)s") % {
        "number": consultation.number,
        "subject": consultation.subject,
    }


def tell_stakeholder(consultation: Consultation, *, kind: str, body: str) -> None:
    """In the application if they have an account, and by e-mail if we have their address."""
    profile = consultation.stakeholder
    queue_notification(
        office=consultation.office,
        consultation=consultation,
        kind=kind,
        subject=_subject(consultation),
        body=body,
        recipients=[profile.user],
        addresses=[(OutboxMessage.Channel.EMAIL, profile.email)] if profile.email else [],
    )


def staff_notifications(consultation: Consultation, *, kind: str, body: str, users) -> list:
    """Unsaved rows, for callers that announce many changes at once (the clock sweep)."""
    return notifications(
        office=consultation.office,
        consultation=consultation,
        kind=kind,
        subject=_subject(consultation),
        body=body,
        recipients=users,
    )


def tell_staff(consultation: Consultation, *, kind: str, body: str, users) -> None:
    queue(staff_notifications(consultation, kind=kind, body=body, users=users))


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


def head_for(section, office) -> list:
    """Who answers for a section: its head(s), or while it has none, the office head(s)."""
    return section_heads(section) or officers_of(office, roles=(Role.OFFICE_HEAD,))
