"""The logged-contacts page: an officer registers a question that came to the office's
official e-mail, WhatsApp or phone, for a stakeholder found as they type or registered on the
spot. A double-clicked submit creates one consultation: the form carries a client token, and
intake is idempotent on it."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from konsultasi.accounts.models import Role
from konsultasi.accounts.selectors import find_stakeholders
from konsultasi.accounts.services import InvalidProfile, register_stakeholder
from konsultasi.consultations import services
from konsultasi.consultations.access import consultations_visible_to
from konsultasi.consultations.errors import AlreadyClaimed
from konsultasi.desk.access import staff_required
from konsultasi.desk.contact_forms import NEW, LoggedContactForm
from konsultasi.errors import DomainError

LOGGERS = {Role.OFFICER, Role.SECTION_HEAD}
RESULTS_SHOWN = 10


@staff_required(roles=LOGGERS)
@require_http_methods(["GET", "POST"])
def log_contact(request: HttpRequest) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    if request.method == "GET":
        form = LoggedContactForm(office=office)
        return _page(request, form, query="")
    form = LoggedContactForm(request.POST, office=office)
    query = (request.POST.get("q") or "").strip()
    if "search" in request.POST:  # "Find" pressed without JavaScript: show the matches
        # Show the form as typed, without complaining about what is still missing.
        typed = LoggedContactForm(office=office, initial=request.POST.dict())
        return _page(request, typed, query=query, chosen=request.POST.get("stakeholder", ""))
    if not form.is_valid():
        return _page(request, form, query=query, status=400)
    token = form.cleaned_data["client_token"]
    already = _by_token(request, token)
    if already is not None:  # the same form sent twice
        return redirect("desk:consultation", number=already.number)
    try:
        with transaction.atomic():
            stakeholder = form.cleaned_data["stakeholder"]
            if stakeholder == NEW:
                stakeholder = register_stakeholder(
                    actor=request.user,  # type: ignore[arg-type]
                    office=office,
                    **form.profile_fields(),
                )
            c = services.submit_question(
                actor=request.user,  # type: ignore[arg-type]
                office=office,
                stakeholder=stakeholder,
                channel=form.cleaned_data["channel"],
                subject=form.cleaned_data["subject"],
                question=form.cleaned_data["question"],
                service_type=form.cleaned_data.get("service_type"),
                received_at=form.cleaned_data.get("received_at"),
                client_token=token,
            )
    except DomainError as error:
        # Two submits raced and the other one won: show the consultation it created.
        already = _by_token(request, token)
        if already is not None:
            return redirect("desk:consultation", number=already.number)
        _show_refusal(form, error)
        return _page(request, form, query=query, status=400)
    messages.success(request, _("Consultation %(number)s was registered.") % {"number": c.number})
    if form.cleaned_data.get("claim"):
        try:
            services.claim(officer=request.user, consultation=c)  # type: ignore[arg-type]
        except (AlreadyClaimed, DomainError) as error:
            messages.warning(request, error.message)
    return redirect("desk:consultation", number=c.number)


def _show_refusal(form: LoggedContactForm, error: DomainError) -> None:
    """By the field it is about when the form has that field, else at the top."""
    fields = error.field_errors if isinstance(error, InvalidProfile) else {}
    shown = False
    for name, messages_ in fields.items():
        if name in form.fields:
            for message in messages_:
                form.add_error(name, message)
            shown = True
    if not shown:
        form.add_error(None, error.message)


def _by_token(request: HttpRequest, token: str):
    return (
        consultations_visible_to(request.user)  # type: ignore[arg-type]
        .filter(office=request.office, client_token=token)  # type: ignore[attr-defined]
        .only("number")
        .first()
    )


def _page(request, form, *, query: str, chosen: str = "", status: int = 200) -> HttpResponse:
    if form.is_bound:
        chosen = str(form.data.get("stakeholder") or "")
    context = {
        "form": form,
        "query": query,
        "results": _results(request, query),
        "chosen": chosen,
        "new": NEW,
        "search_url": reverse("desk:stakeholder_search"),
    }
    return render(request, "desk/logged_contacts/page.html", context, status=status)


def _results(request, query: str) -> list:
    if not query:
        return []
    return list(find_stakeholders(office=request.office, query=query, limit=RESULTS_SHOWN))


@staff_required(roles=LOGGERS)
@require_GET
def stakeholder_search(request: HttpRequest) -> HttpResponse:
    """The matches as the officer types (htmx), as radio choices for the form."""
    query = (request.GET.get("q") or "").strip()
    context = {"query": query, "results": _results(request, query), "chosen": "", "new": NEW}
    return render(request, "desk/logged_contacts/_search_answer.html", context)
