"""Asking online (step 1 of the standard's online procedure): the form, then the receipt with
the number large and what happens next, in the standard's words.

A signed-in stakeholder asks as themselves. A visitor without an account first proves their
e-mail address (`guests.py`); their receipt also shows the access code, once."""

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from konsultasi.accounts.services import InvalidProfile
from konsultasi.consultations import services
from konsultasi.errors import DomainError
from konsultasi.offices.models import ServiceStandard
from konsultasi.portal.access import account_door, stakeholder_required
from konsultasi.portal.forms import AskForm
from konsultasi.portal.public import lines


def ask_entry(request: HttpRequest) -> HttpResponseBase:
    """/tanya/: the form for a stakeholder; for anyone else, the ways in."""
    if request.user.is_authenticated:
        return ask(request)
    return render(request, "portal/ask_choice.html")


@stakeholder_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    profile = request.profile  # type: ignore[attr-defined]
    office = profile.office
    if request.method == "GET":
        form = AskForm(office=office, initial={"preferred_channel": profile.preferred_channel})
        return render(request, "portal/ask.html", {"form": form, "office": office})
    form = AskForm(request.POST, request.FILES, office=office)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # The preference and the question in one transaction, begun only once all is read.
            c = services.ask_online(
                actor=request.user,  # type: ignore[arg-type]
                office=office,
                subject=data["subject"],
                question=data["question"],
                service_type=data["service_type"],
                files=data["documents"],
                client_token=data["client_token"],
                preferred_channel=data["preferred_channel"],
            )
        except InvalidProfile as refusal:
            for field, errors in refusal.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not refusal.field_errors:
                form.add_error(None, refusal.message)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(reverse("portal:receipt", kwargs={"number": c.number}))
    return render(request, "portal/ask.html", {"form": form, "office": office}, status=400)


def next_steps(office) -> dict:
    """What happens next, in the standard's words (the office's published data)."""
    standard = ServiceStandard.objects.filter(office=office).first()
    return {
        "procedure_online": lines(standard.procedure_online) if standard else [],
        "completion_time": lines(standard.completion_time) if standard else [],
        "follow_up_days": office.follow_up_working_days,
    }


@stakeholder_required
@require_GET
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    door = account_door(request, number)
    context = {"c": door.consultation, "door": door, **next_steps(door.consultation.office)}
    return render(request, "portal/receipt.html", context)
