"""Times are stored in UTC and shown in the zone of the office the user works with."""

import zoneinfo

from django.utils import timezone

from konsultasi.accounts.models import OfficeRole
from konsultasi.accounts.selectors import stakeholder_profile_of


def office_zone_of(user) -> zoneinfo.ZoneInfo | None:
    """The zone of the user's office: the first office they hold a role in, or the office
    that keeps their stakeholder profile."""
    if not user.is_authenticated:
        return None
    role = OfficeRole.objects.filter(user=user).select_related("office").order_by("pk").first()
    if role is not None:
        return role.office.zone
    profile = stakeholder_profile_of(user)
    return profile.office.zone if profile is not None else None


class OfficeTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = office_zone_of(request.user)
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
