"""Bad input to the lifecycle services: a clear message, and nothing written."""

import pytest

from konsultasi.consultations import services
from konsultasi.consultations.errors import AlreadyClaimed, ConsultationNotFound, InvalidInput
from konsultasi.consultations.models import Consultation, Status
from konsultasi.consultations.tests.transition_checks import everything_about
from konsultasi.offices.models import Section, ServiceType

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def foreign_type(other_office):
    section = Section.objects.get(office=other_office)
    return ServiceType.objects.create(
        office=other_office, code="x", name="Lain", default_section=section
    )


def test_a_claimed_consultation_tells_the_next_officer_who_has_it(
    online_consultation, officer, second_officer
):
    services.claim(officer=officer, consultation=online_consultation)
    with pytest.raises(AlreadyClaimed, match="officer is already handling"):
        services.claim(officer=second_officer, consultation=online_consultation)


def test_a_reply_longer_than_the_limit_is_refused(in_state, officer):
    c = in_state(Status.IN_PROGRESS)
    before = everything_about(c)
    with pytest.raises(InvalidInput, match="too long"):
        services.reply(actor=officer, consultation=c, body="x" * 20_001)
    assert everything_about(c) == before


def test_another_offices_service_type_is_refused(in_state, officer, foreign_type):
    c = in_state(Status.IN_PROGRESS)
    before = everything_about(c)
    with pytest.raises(InvalidInput, match="service type of this office"):
        services.classify(actor=officer, consultation=c, service_type=foreign_type)
    assert everything_about(c) == before


def test_another_offices_section_is_refused(in_state, officer, service_type, other_office):
    c = in_state(Status.IN_PROGRESS)
    foreign = Section.objects.get(office=other_office)
    before = everything_about(c)
    with pytest.raises(InvalidInput, match="section of this office"):
        services.classify(actor=officer, consultation=c, service_type=service_type, section=foreign)
    with pytest.raises(InvalidInput, match="section of this office"):
        services.escalate(actor=officer, consultation=c, reason="r", section=foreign)
    assert everything_about(c) == before


def test_a_question_cannot_be_submitted_under_another_offices_type(
    office_hours, office, stakeholder_user, foreign_type
):
    with pytest.raises(InvalidInput, match="service type of this office"):
        services.submit_question(
            actor=stakeholder_user, office=office, subject="s", question="q",
            service_type=foreign_type,
        )  # fmt: skip
    assert not Consultation.objects.exists()


def test_providing_documents_needs_a_file_or_a_message(in_state, stakeholder_user):
    c = in_state(Status.WAITING_STAKEHOLDER)
    before = everything_about(c)
    with pytest.raises(InvalidInput, match="Attach the documents"):
        services.provide_documents(actor=stakeholder_user, consultation=c, note="  ")
    assert everything_about(c) == before


def test_a_section_head_cannot_answer_what_waits_on_hai(in_state, section_head):
    c = in_state(Status.ESCALATED, escalation="hai")
    before = everything_about(c)
    assert before["escalations"][0]["answered_at"] is None
    with pytest.raises(InvalidInput, match="not waiting for a section head"):
        services.answer_escalation(actor=section_head, consultation=c, answer="a")
    assert everything_about(c) == before


def test_a_hai_answer_cannot_be_recorded_for_a_section_head_escalation(in_state, officer):
    c = in_state(Status.ESCALATED)
    before = everything_about(c)
    with pytest.raises(InvalidInput, match="not waiting for HAI"):
        services.record_hai_answer(actor=officer, consultation=c, answer="a")
    assert everything_about(c) == before


def test_the_system_only_closes_consultations(in_state):
    c = in_state(Status.IN_PROGRESS)
    before = everything_about(c)
    with pytest.raises(ValueError, match="system"):
        services.resolve(actor=None, consultation=c, answer="a")
    assert everything_about(c) == before


def test_an_officer_cannot_answer_a_colleagues_consultation(in_state, second_officer):
    c = in_state(Status.IN_PROGRESS)  # claimed by `officer`
    before = everything_about(c)
    with pytest.raises(AlreadyClaimed, match="officer is already handling"):
        services.resolve(actor=second_officer, consultation=c, answer="Jawaban saya")
    assert everything_about(c) == before


def test_an_officer_may_leave_a_note_on_a_colleagues_consultation(in_state, second_officer):
    c = services.add_note(
        actor=second_officer, consultation=in_state(Status.IN_PROGRESS), body="Pernah terjadi"
    )
    assert c.messages.filter(kind="note", author=second_officer).exists()


def test_the_section_head_may_step_in_on_any_consultation(in_state, section_head):
    c = services.resolve(
        actor=section_head, consultation=in_state(Status.IN_PROGRESS), answer="Sudah"
    )
    assert c.status == Status.RESOLVED


def test_a_consultation_that_does_not_exist_is_not_found(in_state, officer):
    c = in_state(Status.IN_PROGRESS)
    ghost = Consultation(pk=c.pk + 999)
    with pytest.raises(ConsultationNotFound):
        services.resolve(actor=officer, consultation=ghost, answer="a")
    with pytest.raises(ConsultationNotFound):
        services.claim(officer=officer, consultation=ghost)


def test_an_officer_of_another_office_cannot_tell_a_consultation_exists(in_state, outsider):
    c = in_state(Status.NEW)
    before = everything_about(c)
    with pytest.raises(ConsultationNotFound):
        services.claim(officer=outsider, consultation=c)
    assert everything_about(c) == before


OWNER_CALLS = {
    "classify": lambda a, c, t: services.classify(actor=a, consultation=c, service_type=t),
    "request_documents": lambda a, c, t: services.request_documents(
        actor=a, consultation=c, description="d"
    ),
    "reply": lambda a, c, t: services.reply(actor=a, consultation=c, body="b"),
    "resolve": lambda a, c, t: services.resolve(actor=a, consultation=c, answer="a"),
    "defer": lambda a, c, t: services.defer_to_follow_up(actor=a, consultation=c, reason="r"),
    "escalate": lambda a, c, t: services.escalate(actor=a, consultation=c, reason="r"),
    "hand_to_hai": lambda a, c, t: services.hand_to_hai(actor=a, consultation=c, reason="r"),
    "cancel": lambda a, c, t: services.cancel(actor=a, consultation=c, reason="r"),
}


@pytest.mark.parametrize("action", sorted(OWNER_CALLS))
def test_an_officer_cannot_work_on_a_colleagues_consultation(
    in_state, second_officer, service_type, action
):
    c = in_state(Status.IN_PROGRESS)  # claimed by `officer`
    before = everything_about(c)
    with pytest.raises(AlreadyClaimed):
        OWNER_CALLS[action](second_officer, c, service_type)
    assert everything_about(c) == before


def test_any_officer_at_the_desk_may_take_in_handed_over_documents(in_state, second_officer):
    c = services.provide_documents(
        actor=second_officer, consultation=in_state(Status.WAITING_STAKEHOLDER), note="Diserahkan"
    )
    assert c.status == Status.IN_PROGRESS


def test_another_stakeholder_cannot_tell_a_consultation_exists(in_state, other_stakeholder):
    c = in_state(Status.IN_PROGRESS)
    before = everything_about(c)
    for act in (
        lambda: services.reply(actor=other_stakeholder.user, consultation=c, body="b"),
        lambda: services.resolve(actor=other_stakeholder.user, consultation=c, answer="a"),
    ):
        with pytest.raises(ConsultationNotFound):
            act()
    assert everything_about(c) == before


def test_an_officer_who_is_also_a_stakeholder_cannot_close_others_consultations(
    in_state, office, other_stakeholder
):
    from konsultasi.accounts.models import OfficeRole, Role

    OfficeRole.objects.create(user=other_stakeholder.user, office=office, role=Role.OFFICER)
    c = in_state(Status.RESOLVED)
    before = everything_about(c)
    with pytest.raises(ConsultationNotFound):
        services.close(actor=other_stakeholder.user, consultation=c)
    assert everything_about(c) == before


@pytest.mark.parametrize("bad", ["Jawaban\x00", "Jawaban \ud800"])
def test_an_answer_with_an_unstorable_character_is_refused_and_nothing_is_written(
    in_state, officer, bad
):
    c = in_state(Status.IN_PROGRESS)
    before = everything_about(c)
    with pytest.raises(InvalidInput, match="cannot be stored"):
        services.resolve(actor=officer, consultation=c, answer=bad)
    assert everything_about(c) == before


def test_direction_marks_are_removed_from_a_reply(in_state, officer):
    c = services.reply(actor=officer, consultation=in_state(Status.IN_PROGRESS), body="Ya\u202e ok")
    assert c.messages.last().body == "Ya ok"
