"""The section head's desk: escalations to their section(s) waiting for an answer, with their
clock, each with a form to answer it (the answer goes back to the officer); and the sections'
open, due, overdue consultations and follow-ups without today's progress update."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from konsultasi.accounts.models import Role
from konsultasi.consultations import head_desks, services
from konsultasi.consultations.access import consultation_for
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.desk.access import staff_required
from konsultasi.desk.actions import VersionedForm, add_refusal, call_service, refusal_status
from konsultasi.desk.today import request_moment
from konsultasi.errors import DomainError

LIST_LIMIT = 20


class AnswerForm(VersionedForm):
    answer = forms.CharField(
        label=gettext_lazy("Answer for the officer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,
        error_messages={"required": gettext_lazy("Write the answer for the officer.")},
    )


def _answer_form(escalation, data=None) -> AnswerForm:
    consultation = escalation.consultation
    return AnswerForm(
        data,
        initial={"version": consultation.version},
        auto_id=f"answer-{escalation.pk}-%s",
    )


@staff_required(roles={Role.SECTION_HEAD})
def section_desk(request: HttpRequest) -> HttpResponse:
    return _render(request)


def _render(request: HttpRequest, *, failed=None, status: int = 200) -> HttpResponse:
    """The page; `failed` is (consultation number, bound form with its errors) after a refusal."""
    user, office = request.user, request.office  # type: ignore[attr-defined]
    sections = head_desks.head_sections(user, office)  # type: ignore[arg-type]
    escalations = head_desks.escalations_awaiting(
        user=user,  # type: ignore[arg-type]
        office=office,
        sections=sections,
    )
    shown_in_place = False
    for escalation in escalations:
        if failed and escalation.consultation.number == failed[0]:
            escalation.answer_form = failed[1]  # type: ignore[attr-defined]
            shown_in_place = True
        else:
            escalation.answer_form = _answer_form(escalation)  # type: ignore[attr-defined]
    lists, counts = head_desks.section_lists(
        user=user,  # type: ignore[arg-type]
        office=office,
        sections=sections,
        moment=request_moment(request),
        limit=LIST_LIMIT,
    )
    blocks = [
        (key, title, lists[key], counts[key])
        for key, title in (
            (head_desks.SectionList.BREACHED, _("Overdue")),
            (head_desks.SectionList.DUE_SOON, _("Due soon")),
            (head_desks.SectionList.NO_PROGRESS, _("Follow-up without today's progress")),
            (head_desks.SectionList.OPEN, _("All open consultations of the section")),
        )
    ]
    context = {
        "sections": sections,
        "section_ids": ",".join(str(s.pk) for s in sections),
        "escalations": escalations,
        "blocks": blocks,
        "failed_number": failed[0] if failed else None,
        # A refusal about a consultation no longer on the list is shown at the top.
        "refused_form": failed[1] if failed and not shown_in_place else None,
    }
    return render(request, "desk/section_desk.html", context, status=status)


@require_POST
@staff_required(roles={Role.SECTION_HEAD})
def answer_escalation(request: HttpRequest, number: str) -> HttpResponse:
    try:
        consultation = consultation_for(request.user, number=number)  # type: ignore[arg-type]
    except ConsultationNotFound:
        raise Http404 from None
    form = AnswerForm(request.POST, auto_id="answer-x-%s")
    if form.is_valid():
        try:
            call_service(
                services.answer_escalation,
                actor=request.user,
                consultation=consultation,
                answer=form.cleaned_data["answer"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as refused:
            add_refusal(form, refused)
            return _render(request, failed=(number, form), status=refusal_status(refused))
        messages.success(
            request,
            _("Answer sent. %(number)s is back with its officer.") % {"number": number},
        )
        return redirect("desk:section_desk")
    return _render(request, failed=(number, form), status=400)
