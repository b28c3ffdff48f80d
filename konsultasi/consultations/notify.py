"""Who hears of what. Each function queues the outbox rows for one kind of change; the
consultation services call them inside their transaction."""

from typing import Any

from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.utils.translation import gettext as _

from konsultasi.accounts.models import OfficeRole, PreferredChannel, Role, StakeholderProfile, User
from konsultasi.accounts.selectors import integration_accounts, section_heads
from konsultasi.consultations.models import Consultation
from konsultasi.kept_queries import kept_rows
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import notifications, queue, queue_notification


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


def staff_in_app_notifications(
    consultation: Consultation, *, kind: str, body: str, user_ids: list[int]
) -> list:
    """Unsaved in-app rows for the users `user_ids` (`officer_ids_of`), of a kind that does
    not go by e-mail: their rows are not needed for it."""
    if kind in STAFF_EMAIL_KINDS or kind.startswith("clock_"):
        raise ValueError(f"{kind} goes by e-mail too: name the users (staff_notifications)")
    return notifications(**_staff_common(consultation, kind, body), recipient_ids=user_ids)


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


def officer_ids_of(office) -> list[int]:
    """The ids of `officers_of(office)`, for a notice in the application only (every new
    question): their user rows are not read. Asked no more when the request read them with
    the office (`officer_ids_read_now`)."""
    read = office.__dict__.get(_OFFICER_IDS_READ_NOW)
    if read is not None:
        return list(read)
    return [pk for (pk,) in kept_rows(("officer ids",), _officer_ids, {"office": office.pk})]


_OFFICER_IDS_READ_NOW = "_officer_ids_read_now"


class _IdsAsText(Aggregate):
    """Integer ids in one text, separated by commas."""

    function = "GROUP_CONCAT"  # SQLite's; its separator is the comma
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')",
            **extra,
        )


def officer_ids_with_the_rows_office() -> Subquery:
    """The ids of `officer_ids_of(office)` as one text ("3,7,12"; none: NULL), asked along
    with a query whose rows carry an `office_id` (an office's API key: every question it
    submits announces itself to them)."""
    officers = _officer_ids({"office": OuterRef("office_id")}).order_by().values("office_id")
    return Subquery(officers.annotate(ids=_IdsAsText("user_id")).values("ids"))


def officer_ids_read_now(office, ids: str | None) -> None:
    """Say that this request's own query read the ids of the office's officers
    (`officer_ids_with_the_rows_office`): `officer_ids_of` then reads them no more."""
    office.__dict__[_OFFICER_IDS_READ_NOW] = [int(pk) for pk in ids.split(",")] if ids else []


def _officer_ids(values):
    # Whether each one's account is active is read by one look-up per role: a subquery with a
    # limit stays a probe. As a join, PostgreSQL merged the office's few roles with the users'
    # whole primary key whenever an officer's id lay past what its statistics of the roles
    # knew (a role added since the last ANALYZE): at 1,000,000 consultations 15,000 users
    # walked, 3 ms, on every new question.
    active = Subquery(User.objects.filter(pk=OuterRef("user_id")).values("is_active")[:1])
    return (
        OfficeRole.objects.alias(active=active)
        .filter(office_id=values["office"], role=Role.OFFICER, active=True)
        .exclude(integration_accounts("user__"))
        .values_list("user_id")
    )


def handlers_of(consultation: Consultation) -> list:
    """Who handles it: its officer, or while nobody has claimed it, every officer of the office."""
    if consultation.assignee_id:
        return [consultation.assignee]
    return officers_of(consultation.office)


def head_for(section, office) -> list:
    """Who answers for a section: its head(s), or while it has none, the office head(s)."""
    return section_heads(section) or officers_of(office, roles=(Role.OFFICE_HEAD,))
