"""Times are stored in UTC and shown in the zone of the office the user works with."""

import zoneinfo

from django.db.models import Exists
from django.http import HttpRequest
from django.utils import timezone

from konsultasi.accounts.models import OfficeRole, StakeholderProfile
from konsultasi.accounts.permissions import remember_roles
from konsultasi.accounts.selectors import stakeholder_profile_of
from konsultasi.kept_queries import kept_objects


def held_office_roles(request: HttpRequest) -> list[OfficeRole]:
    """The signed-in user's office roles with their offices, oldest first: read once per
    request, for this middleware and for the desk's guard (`konsultasi.desk.access`); read
    again if the request signs someone else in."""
    user = request.user
    who = user.pk if user.is_authenticated else None
    cached = getattr(request, "_held_office_roles", None)
    if cached is not None and cached[0] == who:
        return cached[1]
    held: list[OfficeRole] = []
    # The signed-in user's own query says whether they hold any (`AccountBackend`): most of
    # the portal's users, stakeholders, hold none, and their roles are not asked for.
    if who is not None and getattr(user, "holds_office_roles", True):
        held = kept_objects(("held office roles",), _held_by, {"user": who})
    if who is not None:
        # All of the user's office roles are here: the permission checks and the access door
        # of this request need not read them again (a stakeholder's role comes from their
        # profile; with none held, the query could not say whether they have one).
        has_profile = not held or held[0].has_profile  # type: ignore[attr-defined]
        remember_roles(user, held, has_profile=has_profile)  # type: ignore[arg-type]
    request._held_office_roles = (who, held)  # type: ignore[attr-defined]
    return held


def _held_by(values):
    return (
        OfficeRole.objects.filter(user_id=values["user"])
        .select_related("office")
        .annotate(has_profile=Exists(StakeholderProfile.objects.filter(user_id=values["user"])))
        .order_by("pk")
    )


def office_zone_of(user, held: list[OfficeRole] | None = None) -> zoneinfo.ZoneInfo | None:
    """The zone of the user's office: the first office they hold a role in, or the office
    that keeps their stakeholder profile. `held`: their roles, oldest first, when known."""
    if not user.is_authenticated:
        return None
    if held is None:
        held = list(
            OfficeRole.objects.filter(user=user).select_related("office").order_by("pk")[:1]
        )
    if held:
        return held[0].office.zone
    profile = stakeholder_profile_of(user)
    return profile.office.zone if profile is not None else None


class OfficeTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        if _may_be_signed_in(request):
            zone = office_zone_of(request.user, held_office_roles(request))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


def _may_be_signed_in(request: HttpRequest) -> bool:
    """False when the request brought no session cookie: nobody is signed in, and reading the
    user (the session, then the user) would only say so. An integration's API call is such a
    request, and the API's busiest."""
    session = getattr(request, "session", None)
    return session is None or session.session_key is not None
