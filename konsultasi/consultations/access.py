"""The one door to consultations for pages and the API: who may see which.

Staff see the consultations of the offices where they hold a role that may view them; a
stakeholder sees only their own. Anything else is "not found" — the same answer as for a
consultation that does not exist, so numbers in URLs reveal nothing."""

from django.db.models import Q, QuerySet

from konsultasi.accounts.models import OfficeRole, Role, StakeholderProfile, User
from konsultasi.accounts.permissions import PERMISSIONS, Action, offices_where
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Consultation

STAFF_VIEWERS = sorted(PERMISSIONS[Action.VIEW] - {Role.STAKEHOLDER})


def consultations_visible_to(user: User) -> QuerySet[Consultation]:
    if not user.is_authenticated or not user.is_active:
        return Consultation.objects.none()
    known = offices_where(user, STAFF_VIEWERS)
    if known is not None:
        # Every role of the user was read for this request and they have no stakeholder
        # profile: the offices as values, no subquery to build, compile or run per query.
        return Consultation.objects.filter(office__in=known)
    staff_offices = OfficeRole.objects.filter(user=user, role__in=STAFF_VIEWERS).values("office")
    # Both sides are lists the database reads once per query: a join to the profiles here
    # would be made for every candidate row of every list and count (bench/RESULTS.md).
    own_profiles = StakeholderProfile.objects.filter(user=user).values("pk")
    return Consultation.objects.filter(
        Q(office__in=staff_offices) | Q(stakeholder__in=own_profiles)
    )


def visibility_key(user: User) -> tuple | None:
    """What decides the SQL of `consultations_visible_to(user)`: a query built on it may keep
    its compiled SQL for the same key (the saved view counts do). None when nothing is visible
    (no SQL at all)."""
    if not user.is_authenticated or not user.is_active:
        return None
    known = offices_where(user, STAFF_VIEWERS)
    return (user.pk, None if known is None else tuple(known))


def consultation_for(user: User, *, pk: int | None = None, number: str | None = None):
    """The consultation `user` may see, by id or number, or ConsultationNotFound."""
    if (pk is None) == (number is None):
        raise ValueError("give pk or number")
    visible = consultations_visible_to(user)
    found = (visible.filter(pk=pk) if pk is not None else visible.filter(number=number)).first()
    if found is None:
        raise ConsultationNotFound()
    return found
