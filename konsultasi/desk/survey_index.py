"""The survey at the desk: the index of the office for a period with its breakdowns (service
type, channel, officer) and the element that pulls it down most; and typing in a paper
questionnaire."""

from datetime import datetime, time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.accounts.models import Role
from konsultasi.desk.access import staff_required
from konsultasi.desk.feedback_forms import PaperQuestionnaireForm
from konsultasi.desk.today import request_now
from konsultasi.errors import DomainError
from konsultasi.feedback import selectors, survey
from konsultasi.feedback.questionnaire import GRADE_WORDS
from konsultasi.portal.survey_periods import part_labels, period_from

READERS = {Role.OFFICER, Role.SECTION_HEAD, Role.OFFICE_HEAD}
ENTERERS = {Role.OFFICER, Role.SECTION_HEAD}


@staff_required(roles=READERS)
def survey_index(request: HttpRequest) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    today = timezone.localtime(request_now(request), office.zone).date()
    choice = period_from(request.GET, today=today)
    period = choice.period
    overall = selectors.office_index(office, period)
    context = {
        "choice": choice,
        "parts": part_labels(),
        "years": range(today.year, today.year - 5, -1),
        "overall": overall,
        "grade_words": GRADE_WORDS,
        "breakdowns": [
            (
                "by-type",
                _("By service type"),
                _("Service type"),
                selectors.by_service_type(office, period, unnamed=_("not classified")),
            ),
            (
                "by-channel",
                _("By channel"),
                _("Channel"),
                selectors.by_channel(office, period, unnamed=_("unknown channel")),
            ),
            (
                "by-officer",
                _("By officer"),
                _("Officer"),
                selectors.by_officer(office, period, unnamed=_("no officer (kiosk, paper)")),
            ),
        ],
        "comments": selectors.comments_in(office, period),
    }
    return render(request, "desk/feedback/survey_index.html", context)


@staff_required(roles=ENTERERS)
def paper_entry(request: HttpRequest) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    form = PaperQuestionnaireForm(request.POST or None, user=request.user, office=office)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answered_at = None
        if data["answered_on"]:
            answered_at = datetime.combine(data["answered_on"], time(12), tzinfo=office.zone)
        now = timezone.now()
        try:
            survey.enter_paper_response(
                actor=request.user,  # type: ignore[arg-type]
                office=office,
                answers=form.answers(),
                respondent=form.respondent(),
                consultation=data["consultation_number"],
                channel=data["channel"],
                service_type=data["service_type"],
                answered_at=min(answered_at, now) if answered_at else None,
                now=now,
            )
        except DomainError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Questionnaire saved. You can type in the next one."))
            return redirect("desk:survey_paper")
    status = 400 if form.errors else 200
    return render(request, "desk/feedback/paper_entry.html", {"form": form}, status=status)
