"""The public pages of the walk-in queue, one pair per office and no sign-in: the kiosk where
a visitor takes a number, and the waiting-room display of the numbers being served.

The kiosk's only state change is a CSRF-protected POST, limited per address so a script
cannot empty the day's numbers; the display only reads. Neither shows anything personal."""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from konsultasi.errors import DomainError
from konsultasi.offices.models import Office, ServiceType
from konsultasi.walkins import selectors, services
from konsultasi.window_counts import count_in_window

KIOSK_SALT = "konsultasi.walk_in.kiosk-ticket"
TICKET_PAGE_HOURS = 12
KIOSK_IDLE_SECONDS = 30
DISPLAY_REFRESH_SECONDS = 3


def public_office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug, is_active=True)


def kiosk_tickets_per_minute() -> int:
    return getattr(settings, "KONSULTASI_KIOSK_TICKETS_PER_MINUTE", 30)


def _over_the_limit(request: HttpRequest, office: Office) -> bool:
    """A fixed one-minute window per office and address. The address is the connection's
    own (REMOTE_ADDR): a forwarded header could be forged to dodge the limit."""
    minute = int(timezone.now().timestamp() // 60)
    key = f"kiosk:{office.pk}:{request.META.get('REMOTE_ADDR', '')}:{minute}"
    return count_in_window(key, seconds=120) > kiosk_tickets_per_minute()


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, office_slug: str) -> HttpResponse:
    office = public_office(office_slug)
    service_types = list(ServiceType.objects.filter(office=office, is_active=True).order_by("name"))
    error, status = None, 200
    if request.method == "POST":
        if _over_the_limit(request, office):
            error, status = _("Too many numbers taken from here. Please wait a minute."), 429
        else:
            chosen = request.POST.get("service_type", "")
            service_type = next((t for t in service_types if str(t.pk) == chosen), None)
            if chosen and service_type is None:
                error, status = _("Choose one of the service types shown."), 400
            else:
                try:
                    ticket = services.take_ticket(office=office, service_type=service_type)
                except DomainError as refused:
                    error, status = refused.message, 400
                else:
                    token = signing.dumps(ticket.pk, salt=KIOSK_SALT)
                    return redirect(
                        "desk:walk_in_kiosk_ticket", office_slug=office.slug, token=token
                    )
    context = {
        "office": office,
        "service_types": service_types,
        "error": error,
    }
    return render(request, "desk/walk_in/kiosk.html", context, status=status)


def kiosk_ticket(request: HttpRequest, office_slug: str, token: str) -> HttpResponse:
    """The number just taken, large (and printable), until the kiosk returns to the start."""
    office = public_office(office_slug)
    try:
        pk = signing.loads(token, salt=KIOSK_SALT, max_age=TICKET_PAGE_HOURS * 3600)
    except signing.BadSignature:
        raise Http404 from None
    ticket = selectors.ticket_of_office(office, pk)
    if ticket is None:
        raise Http404
    context = {
        "office": office,
        "ticket": ticket,
        "ahead": services.waiting_ahead(ticket),
        "idle_seconds": KIOSK_IDLE_SECONDS,
    }
    with timezone.override(office.zone):
        return render(request, "desk/walk_in/kiosk_ticket.html", context)


def display(request: HttpRequest, office_slug: str) -> HttpResponse:
    """The waiting-room screen. htmx asks again every few seconds for the board alone."""
    office = public_office(office_slug)
    context = {
        "office": office,
        "board": selectors.board(office, services.service_day(office)),
        "refresh_seconds": DISPLAY_REFRESH_SECONDS,
    }
    live = request.htmx and request.htmx.target == "queue-board"  # type: ignore[attr-defined]
    template = "desk/walk_in/display_board.html" if live else "desk/walk_in/display.html"
    with timezone.override(office.zone):
        return render(request, template, context)
