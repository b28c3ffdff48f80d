"""The survey on a tablet at the desk: a walk-in visitor answers the nine questions after
being served. No sign-in, nothing personal shown or asked (the respondent fields are the
method's optional ones); back to the start after a quiet spell, like the queue kiosk.

The only state change is a CSRF-protected POST, limited per address and minute."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from konsultasi.desk.walk_in import public_office
from konsultasi.errors import DomainError
from konsultasi.feedback import survey
from konsultasi.offices.models import ServiceType
from konsultasi.portal.survey_forms import QuestionnaireForm
from konsultasi.window_counts import count_in_window

IDLE_SECONDS = 90
THANKS_SECONDS = 10


def answers_per_minute() -> int:
    return getattr(settings, "KONSULTASI_SURVEY_KIOSK_PER_MINUTE", 10)


def _over_the_limit(request: HttpRequest, office_pk: int) -> bool:
    minute = int(timezone.now().timestamp() // 60)
    key = f"survey-kiosk:{office_pk}:{request.META.get('REMOTE_ADDR', '')}:{minute}"
    return count_in_window(key, seconds=120) > answers_per_minute()


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, office_slug: str) -> HttpResponse:
    office = public_office(office_slug)
    service_types = list(ServiceType.objects.filter(office=office, is_active=True).order_by("name"))
    form = QuestionnaireForm(request.POST or None)
    status = 200
    if request.method == "POST":
        chosen = request.POST.get("service_type", "")
        service_type = next((t for t in service_types if str(t.pk) == chosen), None)
        if _over_the_limit(request, office.pk):
            form.add_error(None, _("Too many answers from here. Please wait a minute."))
            status = 429
        elif chosen and service_type is None:
            form.add_error(None, _("Choose one of the service types shown."))
        elif form.is_valid():
            try:
                survey.respond_at_kiosk(
                    office=office,
                    answers=form.answers(),
                    respondent=form.respondent(),
                    service_type=service_type,
                    now=timezone.now(),
                )
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                return redirect("desk:survey_kiosk_thanks", office_slug=office.slug)
        if status == 200:
            status = 400
    context = {
        "office": office,
        "form": form,
        "service_types": service_types,
        "chosen": request.POST.get("service_type", ""),
        "idle_seconds": IDLE_SECONDS,
    }
    return render(request, "desk/feedback/kiosk.html", context, status=status)


def kiosk_thanks(request: HttpRequest, office_slug: str) -> HttpResponse:
    office = public_office(office_slug)
    context = {"office": office, "idle_seconds": THANKS_SECONDS}
    return render(request, "desk/feedback/kiosk_thanks.html", context)
