import pytest

from konsultasi.consultations.access import consultation_for, consultations_visible_to
from konsultasi.consultations.errors import ConsultationNotFound


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


def test_an_inactive_user_sees_nothing(online_consultation, officer):
    officer.is_active = False
    assert list(consultations_visible_to(officer)) == []
