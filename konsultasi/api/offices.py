"""Which office a request is about. An integration's key belongs to one office; a person
names one (`office` slug) or gets the first where they hold a role. An office the caller has
nothing to do with is answered exactly like one that does not exist."""

from konsultasi.accounts.models import OfficeRole
from konsultasi.accounts.permissions import roles_in
from konsultasi.api.auth import Caller
from konsultasi.api.errors import NotFound
from konsultasi.offices.models import Office


def office_for(who: Caller, slug: str | None = None) -> Office:
    key = who.api_key
    if key is not None and key.office is not None:
        if slug and slug != key.office.slug:
            raise NotFound()
        return key.office
    if slug:
        office = Office.objects.filter(slug=slug, is_active=True).first()
        if office is None or not roles_in(who.user, office):
            raise NotFound()
        return office
    role = (
        OfficeRole.objects.filter(user=who.user, office__is_active=True)
        .select_related("office")
        .order_by("pk")
        .first()
    )
    if role is not None:
        return role.office
    profile = getattr(who.user, "stakeholder_profile", None)
    if profile is not None:
        return profile.office
    raise NotFound()
