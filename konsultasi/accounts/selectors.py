"""Finding people: a stakeholder again at the desk (by satker code, NIP, phone, e-mail or
name), and the head of a section."""

import re

from django.db.models import Q, QuerySet

from konsultasi.accounts.models import OfficeRole, Role, StakeholderProfile, User
from konsultasi.kept_queries import kept_objects
from konsultasi.offices import text
from konsultasi.offices.models import Office, Section


def _profile_of(values):
    return StakeholderProfile.objects.select_related("office").filter(user_id=values["user"])[:1]


def stakeholder_profile_of(user) -> StakeholderProfile | None:
    """The user's stakeholder profile with its office, or None: read once per request and
    kept on the user object as Django keeps a related row, so `user.stakeholder_profile`
    (the permission table, the portal's pages) reads nothing more."""
    if not user.is_authenticated:
        return None
    reverse = StakeholderProfile.user.field.remote_field  # user.stakeholder_profile
    if reverse.is_cached(user):
        cached: StakeholderProfile | None = reverse.get_cached_value(user)  # type: ignore[assignment]
        return cached
    found = kept_objects(("stakeholder profile of",), _profile_of, {"user": user.pk})
    profile = found[0] if found else None
    reverse.set_cached_value(user, profile)
    if profile is not None:
        StakeholderProfile.user.field.set_cached_value(profile, user)
    return profile


def normalise_phone(value: str) -> str:
    """Digits only, with the country code written the Indonesian way (+62 812… → 0812…)."""
    digits = re.sub(r"\D", "", value or "")
    return "0" + digits[2:] if digits.startswith("62") else digits


def find_stakeholders(*, office: Office, query: str, limit: int = 20) -> QuerySet:
    """Profiles of `office` matching `query`; never another office's."""
    # A NUL or a lone surrogate in a search box must not reach the database.
    query = text.searchable(query)
    profiles = StakeholderProfile.objects.filter(office=office).select_related("work_unit")
    if not query:
        return profiles.none()
    digits = re.sub(r"\D", "", query)
    match = Q(full_name__icontains=query) | Q(email__iexact=query)
    if digits and digits == query.replace(" ", "").replace("+", "").replace("-", ""):
        if len(digits) == 6:
            match |= Q(work_unit__code=digits)
        if len(digits) == 18:
            match |= Q(nip=digits)
        if len(digits) >= 6:
            match |= Q(phone__contains=normalise_phone(query)[-9:])
    return profiles.filter(match).order_by("full_name")[:limit]


# --- the head of a section ----------------------------------------------------------------
# One rule: the head of a section is whoever holds the section-head role for it. Notifications,
# answering escalations and the section-head desk all ask here.


def section_heads(section: Section | None) -> list[User]:
    """The active heads of `section` (usually one; none while the post is vacant)."""
    if section is None:
        return []
    return [
        role.user
        for role in OfficeRole.objects.filter(
            office_id=section.office_id,
            role=Role.SECTION_HEAD,
            section=section,
            user__is_active=True,
        ).select_related("user")
    ]


def heads_section(user: User, section: Section | None) -> bool:
    return section is not None and (
        OfficeRole.objects.filter(
            user=user, office_id=section.office_id, role=Role.SECTION_HEAD, section=section
        ).exists()
    )


def sections_headed_by(user: User, office: Office) -> list[Section]:
    return list(
        Section.objects.filter(
            officerole__user=user, officerole__office=office, officerole__role=Role.SECTION_HEAD
        )
    )


def integration_accounts(path_to_user: str = "") -> Q:
    """The service accounts that integration keys act as (`accounts.api_keys`): officers in
    the permission table, so the API obeys it, but nobody a person assigns work to, lists or
    notifies. `path_to_user` leads from the queried model to the user ("user__" from a role)."""
    return Q(**{f"{path_to_user}api_keys__office__isnull": False})
