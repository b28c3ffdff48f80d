"""What the portal frame shows on every page: the office whose name and contacts head it.

Lazy, so a page that never shows the frame (the desk) never pays for the query."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from konsultasi.offices.models import Office


def frame_office(request: HttpRequest) -> Office | None:
    """The signed-in stakeholder's office; otherwise the office a page chose (set by the view
    as `request.portal_office`), else the first active office of the installation."""
    chosen = getattr(request, "portal_office", None)
    if chosen is not None:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = getattr(user, "stakeholder_profile", None)
        if profile is not None:
            return profile.office
    return Office.objects.filter(is_active=True).order_by("name").first()


def portal(request: HttpRequest) -> dict:
    return {"portal_office": SimpleLazyObject(lambda: frame_office(request))}
