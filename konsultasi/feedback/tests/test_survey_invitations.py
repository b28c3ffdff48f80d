"""Invitations follow the event log: each resolved consultation's stakeholder is invited once,
by a single-use link that expires, queued in the outbox."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from konsultasi.conftest import make_stakeholder
from konsultasi.consultations import services
from konsultasi.consultations.models import Status
from konsultasi.feedback import survey
from konsultasi.feedback.models import SurveyInvitation, SurveyResponse
from konsultasi.notifications.models import OutboxMessage

FULL = [4, 4, 3, 4, 3, 4, 4, 3, 4]


def later(minutes=10):
    return timezone.now() + timedelta(minutes=minutes)


def token_in(message: OutboxMessage) -> str:
    return re.search(r"/survei/isi/([^/\s]+)/", message.body).group(1)


def test_a_resolved_consultation_is_invited_once_by_portal_and_e_mail(in_state, stakeholder_user):
    c = in_state(Status.RESOLVED)
    assert survey.invite_resolved(now=later()) == 1
    assert survey.invite_resolved(now=later(20)) == 0

    rows = OutboxMessage.objects.filter(kind=survey.INVITATION_KIND, consultation=c)
    assert {(r.channel, r.recipient_id) for r in rows} == {
        (OutboxMessage.Channel.IN_APP, stakeholder_user.pk),
        (OutboxMessage.Channel.EMAIL, None),
    }
    assert SurveyInvitation.objects.get().consultation == c


def test_a_consultation_resolved_moments_ago_waits_until_its_commit_has_settled(in_state):
    in_state(Status.RESOLVED)
    assert survey.invite_resolved(now=timezone.now()) == 0
    assert survey.invite_resolved(now=later()) == 1


def test_a_consultation_reopened_before_the_run_is_not_invited(in_state, stakeholder_user):
    c = in_state(Status.RESOLVED)
    services.reopen(actor=stakeholder_user, consultation=c, reason="Belum jelas")
    assert survey.invite_resolved(now=later()) == 0
    assert not SurveyInvitation.objects.exists()


def test_resolved_again_after_reopening_is_still_invited_only_once(
    in_state, stakeholder_user, officer
):
    c = in_state(Status.RESOLVED)
    survey.invite_resolved(now=later())
    c = services.reopen(actor=stakeholder_user, consultation=c, reason="Belum jelas")
    c = services.resolve(actor=officer, consultation=c, answer="Sudah, lengkapnya begini.")
    assert survey.invite_resolved(now=later(30)) == 0
    assert SurveyInvitation.objects.filter(consultation=c).count() == 1


def test_a_closed_consultation_not_yet_invited_is_invited(in_state):
    in_state(Status.CLOSED)
    assert survey.invite_resolved(now=later()) == 1


def test_a_walk_in_stakeholder_without_account_or_e_mail_is_not_invited(
    office, officer, office_hours
):
    visitor = make_stakeholder(office, None, email="")
    c = services.register_walk_in(
        officer=officer, office=office, stakeholder=visitor, subject="S", question="Q"
    )
    services.resolve(actor=officer, consultation=c, answer="Sudah.")
    assert survey.invite_resolved(now=later()) == 0


def test_batches_move_the_cursor_over_many_consultations(in_state):
    for _ in range(5):
        in_state(Status.RESOLVED)
    assert survey.invite_resolved(now=later(), batch_size=2) == 5
    assert SurveyInvitation.objects.count() == 5


def test_only_the_hash_of_the_token_is_stored(in_state):
    in_state(Status.RESOLVED)
    survey.invite_resolved(now=later())
    token = token_in(
        OutboxMessage.objects.get(channel=OutboxMessage.Channel.EMAIL, kind=survey.INVITATION_KIND)
    )
    invitation = SurveyInvitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.token_hash == survey.hash_token(token)


@pytest.fixture
def invited(in_state):
    c = in_state(Status.RESOLVED)
    survey.invite_resolved(now=later())
    message = OutboxMessage.objects.get(
        channel=OutboxMessage.Channel.EMAIL, consultation=c, kind=survey.INVITATION_KIND
    )
    return c, token_in(message)


def test_the_link_records_one_response_with_the_consultation_s_breakdown(invited, officer):
    c, token = invited
    invitation = survey.invitation_by_token(token, now=later())
    response = survey.respond_to_invitation(
        invitation=invitation, answers=FULL, respondent={"gender": "female"}, now=later()
    )
    assert response.answers == tuple(FULL)
    assert (response.consultation, response.channel, response.officer) == (c, c.channel, officer)
    assert response.service_type == c.service_type
    assert response.source == SurveyResponse.Source.LINK


def test_a_used_link_cannot_be_used_again(invited):
    _c, token = invited
    invitation = survey.invitation_by_token(token, now=later())
    survey.respond_to_invitation(invitation=invitation, answers=FULL, respondent={}, now=later())
    with pytest.raises(survey.SurveyLinkInvalid):
        survey.invitation_by_token(token, now=later())
    with pytest.raises(survey.SurveyLinkInvalid):
        survey.respond_to_invitation(
            invitation=invitation, answers=FULL, respondent={}, now=later()
        )
    assert SurveyResponse.objects.count() == 1


def test_an_expired_link_is_refused(invited, settings):
    _c, token = invited
    days = survey.invitation_days()
    with pytest.raises(survey.SurveyLinkInvalid):
        survey.invitation_by_token(token, now=later() + timedelta(days=days))


@pytest.mark.parametrize("token", ["", "x", "a" * 500])
def test_an_unknown_link_is_refused(invited, token):
    with pytest.raises(survey.SurveyLinkInvalid):
        survey.invitation_by_token(token, now=later())


@pytest.mark.parametrize("answers", [[4] * 8, [4] * 8 + [5], [0] * 9, [4] * 8 + ["x"], [4] * 10])
def test_an_incomplete_or_out_of_range_answer_writes_nothing_and_keeps_the_link(invited, answers):
    _c, token = invited
    invitation = survey.invitation_by_token(token, now=later())
    with pytest.raises(survey.InvalidInput):
        survey.respond_to_invitation(
            invitation=invitation, answers=answers, respondent={}, now=later()
        )
    assert not SurveyResponse.objects.exists()
    assert survey.invitation_by_token(token, now=later()) == invitation


def test_a_respondent_field_outside_its_choices_is_refused(invited):
    _c, token = invited
    invitation = survey.invitation_by_token(token, now=later())
    with pytest.raises(survey.InvalidInput):
        survey.respond_to_invitation(
            invitation=invitation, answers=FULL, respondent={"gender": "robot"}, now=later()
        )
    assert not SurveyResponse.objects.exists()


def test_a_paper_response_for_the_consultation_uses_up_its_link(invited, officer, office):
    c, token = invited
    survey.enter_paper_response(
        actor=officer, office=office, answers=FULL, respondent={}, consultation=c, now=later()
    )
    with pytest.raises(survey.SurveyLinkInvalid):
        survey.invitation_by_token(token, now=later())


def test_a_second_paper_response_for_one_consultation_is_refused(invited, officer, office):
    c, _token = invited
    survey.enter_paper_response(
        actor=officer, office=office, answers=FULL, respondent={}, consultation=c, now=later()
    )
    with pytest.raises(survey.AlreadyAnswered):
        survey.enter_paper_response(
            actor=officer, office=office, answers=FULL, respondent={}, consultation=c, now=later()
        )
    assert SurveyResponse.objects.count() == 1


def test_a_stakeholder_cannot_enter_paper_questionnaires(office, stakeholder_user):
    with pytest.raises(survey.DomainError):
        survey.enter_paper_response(
            actor=stakeholder_user, office=office, answers=FULL, respondent={}, now=later()
        )
    assert not SurveyResponse.objects.exists()


def test_a_signed_in_stakeholder_finds_only_their_own_open_invitations(
    invited, stakeholder_user, other_stakeholder
):
    c, _token = invited
    assert [i.consultation for i in survey.open_invitations_of(stakeholder_user, now=later())] == [
        c
    ]
    assert not survey.open_invitations_of(other_stakeholder.user, now=later()).exists()
    with pytest.raises(survey.SurveyLinkInvalid):
        survey.invitation_of_stakeholder(other_stakeholder.user, number=c.number, now=later())


def test_the_kiosk_response_has_no_consultation_and_the_walk_in_channel(office, service_type):
    response = survey.respond_at_kiosk(
        office=office, answers=FULL, respondent={}, service_type=service_type, now=later()
    )
    assert response.consultation is None
    assert response.channel.kind == "walk_in"
    assert response.source == SurveyResponse.Source.KIOSK


def test_the_cursor_passes_settled_events_but_never_an_unsettled_one(in_state, officer):
    from konsultasi.consultations.models import Event
    from konsultasi.feedback.models import InvitationCursor

    in_state(Status.RESOLVED)
    survey.invite_resolved(now=later())
    assert InvitationCursor.objects.get().last_event_id == Event.objects.latest("pk").pk

    young = in_state(Status.RESOLVED)
    assert survey.invite_resolved(now=timezone.now()) == 0
    assert (
        InvitationCursor.objects.get().last_event_id
        < Event.objects.filter(consultation=young).earliest("pk").pk
    )
    assert survey.invite_resolved(now=later()) == 1
