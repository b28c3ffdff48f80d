"""The officer's side of the walk-in queue: pick my counter, call the next number, call again
or mark not present, and register the called visitor — find them as you type or create
them, record the question — which starts the 20-minute service clock and opens the
consultation's workspace.

Every button is a POST that calls one queue service; a refusal is shown in the page's error
summary with status 400, never applied."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konsultasi.accounts.models import Role, StakeholderProfile
from konsultasi.accounts.selectors import find_stakeholders
from konsultasi.accounts.services import InvalidProfile, register_stakeholder
from konsultasi.desk.access import staff_required
from konsultasi.desk.stakeholder_forms import PROFILE_FIELDS
from konsultasi.desk.templatetags.desk import consultation_url
from konsultasi.desk.walk_in_forms import CounterChoiceForm, RegistrationForm
from konsultasi.errors import DomainError
from konsultasi.walkins import selectors, services
from konsultasi.walkins.models import Counter, Ticket

COUNTER_SESSION_KEY = "walk_in_counter"
COUNTER_REFRESH_SECONDS = 10
SEARCH_RESULTS = 10
# Who works a counter: the people the permission table lets register walk-ins.
COUNTER_ROLES = {Role.OFFICER, Role.SECTION_HEAD}

counter_staff = staff_required(roles=COUNTER_ROLES)


def my_counter(request: HttpRequest) -> Counter | None:
    """The counter this officer sits at (kept in the session), if it is still open."""
    pk = request.session.get(COUNTER_SESSION_KEY)
    if pk is None:
        return None
    return Counter.objects.filter(pk=pk, office=request.office, is_active=True).first()  # type: ignore[attr-defined]


def _ticket(request: HttpRequest, pk: int) -> Ticket:
    ticket = selectors.ticket_of_office(request.office, pk)  # type: ignore[attr-defined]
    if ticket is None:
        raise Http404
    return ticket


def _counter_page(
    request: HttpRequest, *, refusal: str | None = None, status: int = 200
) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    day = services.service_day(office)
    counter = my_counter(request)
    context = {
        "counter": counter,
        "choice": CounterChoiceForm(office=office, initial={"counter": counter}),
        "has_counters": selectors.active_counters(office).exists(),
        "current": selectors.at_my_counter(request.user, office, day),  # type: ignore[arg-type]
        "waiting": selectors.waiting_list(office, day),
        "board": selectors.board(office, day),
        "refusal": refusal,
        "refresh_seconds": COUNTER_REFRESH_SECONDS,
    }
    live = request.htmx and request.htmx.target == "queue-status"  # type: ignore[attr-defined]
    template = "desk/walk_in/counter_status.html" if live else "desk/walk_in/counter.html"
    return render(request, template, context, status=status)


@counter_staff
def counter(request: HttpRequest) -> HttpResponse:
    return _counter_page(request)


@require_POST
@counter_staff
def choose_counter(request: HttpRequest) -> HttpResponse:
    form = CounterChoiceForm(request.POST, office=request.office)  # type: ignore[attr-defined]
    if not form.is_valid():
        return _counter_page(
            request, refusal=_("Choose an active counter of this office."), status=400
        )
    request.session[COUNTER_SESSION_KEY] = form.cleaned_data["counter"].pk
    return redirect("desk:walk_in_counter")


@require_POST
@counter_staff
def call_next(request: HttpRequest) -> HttpResponse:
    counter = my_counter(request)
    if counter is None:
        return _counter_page(request, refusal=_("Choose your counter first."), status=400)
    try:
        ticket = services.call_next(
            officer=request.user,  # type: ignore[arg-type]
            office=request.office,  # type: ignore[attr-defined]
            counter=counter,
        )
    except DomainError as refused:
        return _counter_page(request, refusal=refused.message, status=400)
    return redirect("desk:walk_in_register", pk=ticket.pk)


@require_POST
@counter_staff
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.recall, _("Number %(number)s called again."))


@require_POST
@counter_staff
def no_show(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.mark_no_show, _("Number %(number)s marked not present."))


@require_POST
@counter_staff
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.finish, _("Number %(number)s is done."))


def _act(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    ticket = _ticket(request, pk)
    try:
        changed = service(officer=request.user, ticket=ticket)
    except DomainError as refused:
        return _counter_page(request, refusal=refused.message, status=400)
    messages.success(request, done % {"number": changed.label})
    if request.POST.get("back") == "register" and changed.status == Ticket.Status.CALLED:
        return redirect("desk:walk_in_register", pk=changed.pk)
    return redirect("desk:walk_in_counter")


@counter_staff
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Registration of the called visitor. GET with `q` finds stakeholders (htmx asks for
    the results alone as the officer types); POST registers and opens the workspace."""
    office = request.office  # type: ignore[attr-defined]
    ticket = _ticket(request, pk)
    if ticket.consultation_id is not None and ticket.called_by_id == request.user.pk:
        return redirect(_after_registration(ticket.consultation.number))  # type: ignore[union-attr]
    if ticket.status != Ticket.Status.CALLED or ticket.called_by_id != request.user.pk:
        messages.error(
            request,
            _("Number %(number)s is not called at your counter.") % {"number": ticket.label},
        )
        return redirect("desk:walk_in_counter")
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, office=office)
        if form.is_valid():
            try:
                consultation = _register(request, ticket, form)
            except InvalidProfile as refused:
                for field, problems in refused.field_errors.items():
                    for problem in problems:
                        form.add_error(field if field in PROFILE_FIELDS else None, problem)
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    _("Consultation %(number)s registered; the service clock is running.")
                    % {"number": consultation.number},
                )
                return redirect(_after_registration(consultation.number))
        status = 400
    else:
        form = RegistrationForm(
            office=office,
            initial={
                "service_type": ticket.service_type,
                "stakeholder": "",
            },
        )
    results = list(find_stakeholders(office=office, query=query, limit=SEARCH_RESULTS))
    chosen = form.data.get("stakeholder", "") if form.is_bound else ""
    results = _with_chosen(results, office, chosen)
    context = {
        "ticket": ticket,
        "form": form,
        "query": query,
        "results": results,
        "chosen": chosen or ("new" if query and not results else ""),
    }
    if request.htmx and request.htmx.target == "stakeholder-results":  # type: ignore[attr-defined]
        return render(request, "desk/walk_in/stakeholder_results.html", context)
    return render(request, "desk/walk_in/register.html", context, status=status)


def _register(request: HttpRequest, ticket: Ticket, form: RegistrationForm):
    """A new stakeholder and their consultation are saved together, or neither is: a refused
    question does not leave a profile behind to be registered twice."""
    data = form.cleaned_data
    with transaction.atomic():
        stakeholder = data["stakeholder"]
        if form.is_new_stakeholder:
            stakeholder = register_stakeholder(
                actor=request.user,  # type: ignore[arg-type]
                office=request.office,  # type: ignore[attr-defined]
                **form.profile_fields(),
            )
        return services.register_visitor(
            officer=request.user,  # type: ignore[arg-type]
            ticket=ticket,
            stakeholder=stakeholder,
            subject=data["subject"],
            question=data["question"],
            service_type=data["service_type"],
        )


def _with_chosen(results: list, office, chosen: str) -> list:
    """Keep the stakeholder the officer chose among the results when the form comes back."""
    if chosen.isdigit() and all(str(p.pk) != chosen for p in results):
        profile = (
            StakeholderProfile.objects.filter(office=office, pk=chosen)
            .select_related("work_unit")
            .first()
        )
        if profile is not None:
            results = [profile, *results]
    return results


def _after_registration(number: str) -> str:
    """The workspace of the new consultation; the counter page until the workspace exists."""
    return consultation_url(number) or reverse("desk:walk_in_counter")
