"""Who hears of what. Each function queues the outbox rows for one kind of change; the
consultation services call them inside their transaction."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from konsultasi.accounts.models import OfficeRole, PreferredChannel, Role, StakeholderProfile
from konsultasi.accounts.selectors import integration_accounts, section_heads
from konsultasi.consultations import selectors
from konsultasi.consultations.models import Consultation
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import (
    notifications,
    officers_notices,
    queue,
    queue_notification,
)


def _subject(consultation: Consultation) -> str:
    return _("[%(number)s] %(subject)s") % {
        "number": consultation.number,
        "subject": consultation.subject,
    }


# Staff hear of these by e-mail too (when their account has an address); the rest of their
# news waits for them on the desk.
STAFF_EMAIL_KINDS = frozenset({"assigned", "escalated"})


def outside_address(profile: StakeholderProfile) -> tuple[str, str] | None:
    """Where the stakeholder hears of changes outside the portal: the channel they prefer,
    else the other one we can reach them on; "portal only" means nowhere outside."""
    email = (OutboxMessage.Channel.EMAIL, profile.email) if profile.email else None
    whatsapp = (OutboxMessage.Channel.WHATSAPP, profile.phone) if profile.phone else None
    if profile.preferred_channel == PreferredChannel.PORTAL:
        return None
    if profile.preferred_channel == PreferredChannel.WHATSAPP:
        return whatsapp or email
    return email or whatsapp


def _to_stakeholder(consultation: Consultation, kind: str, body: str) -> dict[str, Any]:
    """In the application if they have an account, and on the outside channel they prefer."""
    profile = consultation.stakeholder
    outside = outside_address(profile)
    return {
        "office": consultation.office,
        "consultation": consultation,
        "kind": kind,
        "subject": _subject(consultation),
        "body": body,
        # By id: the user's row (when they have an account) is not needed for an in-app notice.
        "recipient_ids": [profile.user_id],
        "addresses": [outside] if outside else [],
        "language": profile.language,
    }


def tell_stakeholder(consultation: Consultation, *, kind: str, body: str) -> None:
    queue_notification(**_to_stakeholder(consultation, kind, body))


def stakeholder_notifications(consultation: Consultation, *, kind: str, body: str) -> list:
    """Unsaved rows of `tell_stakeholder`, for a caller that writes them with others."""
    return notifications(**_to_stakeholder(consultation, kind, body))


def _staff_common(consultation: Consultation, kind: str, body: str) -> dict[str, Any]:
    return {
        "office": consultation.office,
        "consultation": consultation,
        "kind": kind,
        "subject": _subject(consultation),
        "body": body,
    }


def staff_notifications(consultation: Consultation, *, kind: str, body: str, users) -> list:
    """Unsaved rows, for callers that announce many changes at once (the clock sweep).
    Clock alerts and the kinds in STAFF_EMAIL_KINDS also go by e-mail, in each one's language."""
    users = [u for u in users if u is not None]
    common = _staff_common(consultation, kind, body)
    rows = notifications(**common, recipients=users)
    if kind in STAFF_EMAIL_KINDS or kind.startswith("clock_"):
        for user in {u.pk: u for u in users if u.email}.values():
            rows += notifications(
                **common,
                addresses=[(OutboxMessage.Channel.EMAIL, user.email)],
                language=user.language,
            )
    return rows


def officers_notice(consultation: Consultation, *, kind: str, body: str) -> list:
    """The unsaved in-app notice to all of the office's officers (a new question): one row,
    whoever they are when they look (`waiting_officers_notices`)."""
    if kind in STAFF_EMAIL_KINDS or kind.startswith("clock_"):
        raise ValueError(f"{kind} goes by e-mail too: name the users (staff_notifications)")
    return notifications(**_staff_common(consultation, kind, body), to_the_office_officers=True)


def waiting_officers_notices(office) -> QuerySet:
    """The officers' notices of the office that still stand: about a question nobody has
    claimed yet. Once an officer takes it, the others' notice of it is gone; so an officer's
    unread ones are never more than the questions waiting in the inbox."""
    unclaimed = Consultation.objects.filter(selectors.UNCLAIMED, office=office)
    return officers_notices(office).filter(consultation__in=unclaimed)


def tell_staff(consultation: Consultation, *, kind: str, body: str, users) -> None:
    queue(staff_notifications(consultation, kind=kind, body=body, users=users))


# Built once (a queryset is cloned by every filter): the exclusion of the integrations'
# service accounts is the costly part to build, and every new question asks.
_PEOPLE_WITH_ROLES = (
    OfficeRole.objects.filter(user__is_active=True)
    .exclude(integration_accounts("user__"))
    .select_related("user")
)


def officers_of(office, *, roles=(Role.OFFICER,)):
    return [role.user for role in _PEOPLE_WITH_ROLES.filter(office=office, role__in=roles)]


def handlers_of(consultation: Consultation) -> list:
    """Who handles it: its officer, or while nobody has claimed it, every officer of the office."""
    if consultation.assignee_id:
        return [consultation.assignee]
    return officers_of(consultation.office)


def head_for(section, office) -> list:
    """Who answers for a section: its head(s), or while it has none, the office head(s)."""
    return section_heads(section) or officers_of(office, roles=(Role.OFFICE_HEAD,))
