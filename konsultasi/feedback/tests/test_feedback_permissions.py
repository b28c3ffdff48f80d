"""The survey's and complaint register's rows of the permission table, walked for every role
through the feedback services: allowed exactly when the table says so, and refused with
nothing written otherwise (the consultation actions are walked in accounts/tests)."""

import pytest
from django.utils import timezone

from konsultasi.accounts.models import Role
from konsultasi.accounts.permissions import PERMISSIONS, FeedbackAction, PermissionDenied
from konsultasi.accounts.tests.test_permission_table import ACTORS
from konsultasi.consultations.models import Status
from konsultasi.feedback import complaints, survey
from konsultasi.feedback.models import Complaint, ComplaintChannel, SurveyResponse

FEEDBACK_ACTIONS = set(FeedbackAction)


def _register(actor, office, code="sms"):
    return complaints.register_complaint(
        actor=actor,
        office=office,
        channel=ComplaintChannel.objects.get(code=code),
        subject="S",
        description="D",
        now=timezone.now(),
    )


@pytest.fixture
def world(office, officer, in_state):
    return {
        "office": office,
        "complaint": _register(officer, office),
        "report": _register(officer, office, "wise"),
        "consultation": in_state(Status.RESOLVED),
    }


def _enter(actor, w):
    survey.enter_paper_response(
        actor=actor, office=w["office"], answers=[4] * 9, respondent={}, now=timezone.now()
    )


def _view_index(actor, w):
    from konsultasi.accounts.permissions import require

    require(actor, FeedbackAction.VIEW_SURVEY_INDEX, w["office"])


def _file(actor, w):
    if actor == w["consultation"].stakeholder.user:
        complaints.file_complaint_about(
            actor=actor,
            consultation=w["consultation"],
            subject="S",
            description="D",
            now=timezone.now(),
        )
    else:
        _register(actor, w["office"])


def _handle(actor, w):
    complaints.start_review(actor=actor, complaint=w["complaint"])


def _read_whistleblowing(actor, w):
    if not complaints.complaints_visible_to(actor, w["office"]).filter(pk=w["report"].pk).exists():
        raise PermissionDenied(FeedbackAction.READ_WHISTLEBLOWING)
    complaints.complaint_for(actor, w["office"], w["report"].pk, now=timezone.now())


WALK = {
    FeedbackAction.ENTER_SURVEY: _enter,
    FeedbackAction.VIEW_SURVEY_INDEX: _view_index,
    FeedbackAction.FILE_COMPLAINT: _file,
    FeedbackAction.HANDLE_COMPLAINT: _handle,
    FeedbackAction.READ_WHISTLEBLOWING: _read_whistleblowing,
}


def test_every_feedback_action_is_walked():
    assert set(WALK) == FEEDBACK_ACTIONS


def test_the_table_grants_what_the_issue_gives_each_role():
    # Written out by hand: the walk below takes its expectations from PERMISSIONS itself.
    granted = {role: {a for a in FeedbackAction if role in PERMISSIONS[a]} for role in Role}
    assert granted[Role.STAKEHOLDER] == {FeedbackAction.FILE_COMPLAINT}
    assert granted[Role.ADMIN] == {FeedbackAction.READ_WHISTLEBLOWING}
    assert granted[Role.REGIONAL_VIEWER] == set()
    assert PERMISSIONS[FeedbackAction.READ_WHISTLEBLOWING] == {Role.OFFICE_HEAD, Role.ADMIN}


def written():
    return (
        SurveyResponse.objects.count(),
        Complaint.objects.count(),
        Complaint.objects.filter(status="received").count(),
    )


@pytest.mark.parametrize(
    ("role", "action"),
    [
        pytest.param(
            role,
            action,
            id=f"{role}-{action}-{'allowed' if role in PERMISSIONS[action] else 'refused'}",
        )
        for role in Role
        for action in sorted(FEEDBACK_ACTIONS)
    ],
)
def test_a_role_may_take_a_feedback_action_exactly_when_the_table_says_so(
    request, world, role, action
):
    actor = request.getfixturevalue(ACTORS[role])
    before = written()
    if role in PERMISSIONS[action]:
        WALK[action](actor, world)
        return
    with pytest.raises(PermissionDenied):
        WALK[action](actor, world)
    assert written() == before
