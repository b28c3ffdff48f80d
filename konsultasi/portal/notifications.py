"""The stakeholder's notifications: every change of their consultations they should know of,
as the in-app rows of the outbox, newest first; read ones stay listed, quieter."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import mark_read
from konsultasi.portal.access import stakeholder_required

SHOWN = 50


@stakeholder_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    office = request.profile.office_id  # type: ignore[attr-defined]
    rows = list(
        OutboxMessage.objects.filter(
            recipient=request.user.pk, office=office, channel=OutboxMessage.Channel.IN_APP
        )
        .select_related("consultation")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    unread = sum(1 for row in rows if row.read_at is None)
    return render(request, "portal/notifications.html", {"rows": rows, "unread": unread})


@stakeholder_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    mark_read(request.user, office=request.profile.office_id)  # type: ignore[attr-defined]
    return redirect("portal:notifications")
