"""The complaint register at the desk: the list (overdue first), one complaint with its next
step, and registering a complaint brought by another channel.

Complaints are read only through `feedback.complaints` (which hides whistleblowing reports
from all but the office head and logs each read of one); the steps are its services."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konsultasi.accounts.models import Role
from konsultasi.desk.access import staff_required
from konsultasi.desk.feedback_forms import AnswerComplaintForm, RegisterComplaintForm
from konsultasi.desk.today import request_now
from konsultasi.errors import DomainError
from konsultasi.feedback import complaints
from konsultasi.feedback.models import ComplaintStatus

HANDLERS = {Role.SECTION_HEAD, Role.OFFICE_HEAD}
PAGE_SIZE = 50


@staff_required(roles=HANDLERS)
def complaint_list(request: HttpRequest) -> HttpResponse:
    office, now = request.office, request_now(request)  # type: ignore[attr-defined]
    shown = request.GET.get("status", "open")
    if shown != "open" and shown not in ComplaintStatus.values:
        shown = "all"
    try:
        page_number = max(1, int(request.GET.get("halaman", "1")))
    except ValueError:
        page_number = 1
    # One row past the page says whether another page follows (without counting them all).
    rows = complaints.register_page(
        request.user,  # type: ignore[arg-type]
        office,
        status=shown,
        now=now,
        limit=PAGE_SIZE + 1,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    context = {
        "complaints": [(c, complaints.is_overdue(c, now)) for c in rows[:PAGE_SIZE]],
        "shown": shown,
        "statuses": [("open", _("Open")), *ComplaintStatus.choices, ("all", _("All"))],
        "page": page_number,
        "has_next": len(rows) > PAGE_SIZE,
    }
    return render(request, "desk/feedback/complaint_list.html", context)


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    """Any desk role may register a complaint that reached the office by another channel."""
    office = request.office  # type: ignore[attr-defined]
    form = RegisterComplaintForm(request.POST or None, user=request.user, office=office)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = complaints.register_complaint(
                actor=request.user,  # type: ignore[arg-type]
                office=office,
                channel=data["channel"],
                subject=data["subject"],
                description=data["description"],
                external_reference=data["external_reference"],
                consultation=data["consultation_number"],
                officer=data["officer"],
                complainant_name=data["complainant_name"],
                now=timezone.now(),
            )
        except DomainError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("Complaint %(reference)s registered.") % {"reference": complaint.reference},
            )
            if request.desk_roles & HANDLERS:  # type: ignore[attr-defined]
                return redirect("desk:complaint_list")
            return redirect("desk:complaint_register")
    status = 400 if form.errors else 200
    return render(request, "desk/feedback/complaint_register.html", {"form": form}, status=status)


def _complaint(request: HttpRequest, pk: int):
    try:
        return complaints.complaint_for(
            request.user,  # type: ignore[arg-type]
            request.office,  # type: ignore[attr-defined]
            pk,
            now=request_now(request),
        )
    except complaints.ComplaintNotFound:
        raise Http404 from None


@staff_required(roles=HANDLERS)
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    return _detail(request, complaint, AnswerComplaintForm(initial={"version": complaint.version}))


def _detail(request, complaint, answer_form, status=200) -> HttpResponse:
    context = {
        "complaint": complaint,
        "overdue": complaints.is_overdue(complaint, request_now(request)),
        "answer_form": answer_form,
    }
    return render(request, "desk/feedback/complaint_detail.html", context, status=status)


@require_POST
@staff_required(roles=HANDLERS)
def complaint_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    complaint = _complaint(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    now = timezone.now()
    actor = request.user
    try:
        if step == "review":
            complaints.start_review(actor=actor, complaint=complaint, expected_version=version)  # type: ignore[arg-type]
        elif step == "answer":
            form = AnswerComplaintForm(request.POST)
            if not form.is_valid():
                return _detail(request, complaint, form, status=400)
            complaints.answer_complaint(
                actor=actor,  # type: ignore[arg-type]
                complaint=complaint,
                answer=form.cleaned_data["answer"],
                now=now,
                expected_version=version,
            )
        elif step == "close":
            complaints.close_complaint(
                actor=actor,  # type: ignore[arg-type]
                complaint=complaint,
                now=now,
                expected_version=version,
            )
        else:
            raise Http404
    except DomainError as refused:
        form = AnswerComplaintForm(request.POST)
        form.is_valid()
        form.add_error(None, refused.message)
        return _detail(request, complaint, form, status=409)
    return redirect("desk:complaint_detail", pk=complaint.pk)
