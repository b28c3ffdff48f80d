import pytest

from konsultasi.accounts.models import User
from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.consultations import services
from konsultasi.consultations.access import consultation_for, consultations_visible_to
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Consultation, Event, Status


def test_staff_of_the_office_see_its_consultations(online_consultation, officer, office_head):
    for user in (officer, office_head):
        assert list(consultations_visible_to(user)) == [online_consultation]


def test_a_stakeholder_sees_only_their_own(
    online_consultation, stakeholder_user, other_stakeholder
):
    assert list(consultations_visible_to(stakeholder_user)) == [online_consultation]
    assert list(consultations_visible_to(other_stakeholder.user)) == []


@pytest.mark.parametrize("who", ["outsider", "admin_user", "regional_viewer"])
def test_others_do_not_see_consultations(online_consultation, who, request):
    assert list(consultations_visible_to(request.getfixturevalue(who))) == []


def test_someone_elses_consultation_is_not_found_exactly_like_a_missing_one(
    online_consultation, other_stakeholder
):
    with pytest.raises(ConsultationNotFound) as foreign:
        consultation_for(other_stakeholder.user, pk=online_consultation.pk)
    with pytest.raises(ConsultationNotFound) as missing:
        consultation_for(other_stakeholder.user, pk=online_consultation.pk + 1000)
    assert str(foreign.value) == str(missing.value)


def test_a_consultation_is_found_by_its_number(online_consultation, officer):
    assert consultation_for(officer, number=online_consultation.number) == online_consultation


def test_a_deactivated_officer_sees_nothing_and_may_do_nothing(online_consultation, officer):
    assert list(consultations_visible_to(officer)) == [online_consultation]
    officer.is_active = False
    officer.save()
    officer = User.objects.get(pk=officer.pk)  # as the next request would load them

    assert list(consultations_visible_to(officer)) == []
    with pytest.raises(ConsultationNotFound):
        consultation_for(officer, pk=online_consultation.pk)
    with pytest.raises(ConsultationNotFound):
        services.claim(officer=officer, consultation=online_consultation)
    with pytest.raises(ConsultationNotFound):
        services.add_note(actor=officer, consultation=online_consultation, body="x")
    online_consultation.refresh_from_db()
    assert (online_consultation.status, online_consultation.assignee) == (Status.NEW, None)
    assert list(Event.objects.filter(consultation=online_consultation).values_list("action")) == [
        ("submit",)
    ]


def test_a_deactivated_stakeholder_sees_nothing_and_cannot_submit(
    online_consultation, office, stakeholder_user
):
    stakeholder_user.is_active = False
    stakeholder_user.save()
    stakeholder_user = User.objects.get(pk=stakeholder_user.pk)

    assert list(consultations_visible_to(stakeholder_user)) == []
    with pytest.raises(PermissionDenied):
        services.submit_question(actor=stakeholder_user, office=office, subject="s", question="q")
    with pytest.raises(ConsultationNotFound):
        services.reply(actor=stakeholder_user, consultation=online_consultation, body="Halo")
    assert Consultation.objects.count() == 1
    assert not online_consultation.messages.filter(kind="reply").exists()
