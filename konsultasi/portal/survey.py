"""The stakeholders' side of the survey and the complaints:

- the survey by its single-use link (no sign-in: the link is the key), and the same
  questionnaire for a signed-in stakeholder from the portal;
- "file a complaint about my consultation" for a signed-in stakeholder;
- the public summary of an office's index for a period, as offices post it.

Consultations are fetched only through the access door; the feedback services do the writes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from konsultasi.consultations.access import consultation_for
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.errors import DomainError
from konsultasi.feedback import complaints, selectors, survey
from konsultasi.feedback.questionnaire import ELEMENTS, GRADE_WORDS
from konsultasi.offices.models import Office
from konsultasi.portal.complaint_forms import StakeholderComplaintForm
from konsultasi.portal.survey_forms import QuestionnaireForm
from konsultasi.portal.survey_periods import PeriodChoice, part_labels, period_from


def _answer(request: HttpRequest, invitation, *, action_url: str) -> HttpResponse:
    """Show the questionnaire of an invitation, or record its answer."""
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey.respond_to_invitation(
                invitation=invitation,
                answers=form.answers(),
                respondent=form.respondent(),
                now=timezone.now(),
            )
        except (survey.SurveyLinkInvalid, survey.AlreadyAnswered) as refused:
            return render(
                request, "portal/survey/invalid.html", {"message": refused.message}, status=410
            )
        except DomainError as refused:
            form.add_error(None, refused.message)
        else:
            office = invitation.consultation.office
            return redirect("feedback_portal:survey_thanks", office_slug=office.slug)
    context = {
        "form": form,
        "consultation": invitation.consultation,
        "office": invitation.consultation.office,
        "action_url": action_url,
        "expires_at": invitation.expires_at,
    }
    status = 400 if form.errors else 200
    with timezone.override(invitation.consultation.office.zone):
        return render(request, "portal/survey/questionnaire.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = survey.invitation_by_token(token, now=timezone.now())
    except survey.SurveyLinkInvalid as refused:
        return render(
            request, "portal/survey/invalid.html", {"message": refused.message}, status=404
        )
    return _answer(request, invitation, action_url=request.path)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_survey(request: HttpRequest, number: str) -> HttpResponse:
    try:
        invitation = survey.invitation_of_stakeholder(
            request.user,  # type: ignore[arg-type]
            number=number,
            now=timezone.now(),
        )
    except survey.SurveyLinkInvalid as refused:
        return render(
            request, "portal/survey/invalid.html", {"message": refused.message}, status=404
        )
    return _answer(request, invitation, action_url=request.path)


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    """The signed-in stakeholder's surveys still to answer (the portal links here)."""
    invitations = survey.open_invitations_of(request.user, now=timezone.now())  # type: ignore[arg-type]
    return render(request, "portal/survey/mine.html", {"invitations": invitations})


def survey_thanks(request: HttpRequest, office_slug: str) -> HttpResponse:
    office = get_object_or_404(Office, slug=office_slug, is_active=True)
    return render(request, "portal/survey/thanks.html", {"office": office})


# --- complaints ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def complain(request: HttpRequest, number: str) -> HttpResponse:
    """A signed-in stakeholder files a complaint about their own consultation."""
    try:
        consultation = consultation_for(request.user, number=number)  # type: ignore[arg-type]
    except ConsultationNotFound:
        raise Http404 from None
    if consultation.stakeholder.user_id != request.user.pk:
        raise Http404  # staff see consultations too; only its stakeholder complains here
    form = StakeholderComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaints.file_complaint_about(
                actor=request.user,
                consultation=consultation,
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                now=timezone.now(),
            )
        except DomainError as refused:
            form.add_error(None, refused.message)
        else:
            with timezone.override(consultation.office.zone):
                return render(request, "portal/complaint_received.html", {"complaint": complaint})
    status = 400 if form.errors else 200
    return render(
        request,
        "portal/complaint_form.html",
        {"form": form, "consultation": consultation},
        status=status,
    )


# --- the public summary ----------------------------------------------------------------


def summary(request: HttpRequest, office_slug: str) -> HttpResponse:
    """The office's index for a period, as offices publish it: respondents, each element's
    score, the index and its grade. Public: figures only, nobody's answers."""
    office = get_object_or_404(Office, slug=office_slug, is_active=True)
    today = timezone.localtime(timezone.now(), office.zone).date()
    choice: PeriodChoice = period_from(request.GET, today=today)
    figures = selectors.office_index(office, choice.period)
    context = {
        "office": office,
        "choice": choice,
        "figures": figures,
        "elements": ELEMENTS,
        "grade_words": GRADE_WORDS.get(figures.index.grade, "") if figures.index else "",
        "parts": part_labels(),
        "years": range(today.year, today.year - 5, -1),
        "today": today,
    }
    return render(request, "portal/survey/summary.html", context)
