"""Marking the signed-in person's alerts read: their own rows, and their reading of the
officers' notices. Nobody else's reading changes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from konsultasi.desk.access import staff_required
from konsultasi.desk.frame import officers_notices_shown
from konsultasi.notifications.services import mark_read


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("desk:home")
    return redirect(target)


@require_POST
@staff_required
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    # One line of the strip stands for all of the person's alerts about that consultation.
    mark_read(
        request.user,
        office=request.office,  # type: ignore[attr-defined]
        pks=[pk],
        with_same_consultation=True,
        officers_notices_shown=officers_notices_shown(request),
    )
    return _back(request)


@require_POST
@staff_required
def alerts_read(request: HttpRequest) -> HttpResponse:
    mark_read(
        request.user,
        office=request.office,  # type: ignore[attr-defined]
        officers_notices_shown=officers_notices_shown(request),
    )
    return _back(request)
