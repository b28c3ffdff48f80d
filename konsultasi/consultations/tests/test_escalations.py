"""Escalation through the service layer: to the head of the responsible section, and out to
the national helpdesk HAI DJPb; what each does to the state and the clocks."""

from datetime import timedelta

import pytest

from konsultasi.accounts.models import Role
from konsultasi.conftest import make_staff
from konsultasi.consultations import services
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Escalation, Message
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.tests.transition_checks import (
    STAKEHOLDER,
    assert_event,
    at,
    last_event,
    notified,
    snapshot,
)
from konsultasi.offices.models import Section

pytestmark = pytest.mark.usefixtures("english")


def test_escalating_asks_the_section_head_by_close_of_the_next_working_day(
    in_state, officer, section
):
    c = services.escalate(actor=officer, consultation=in_state(S.IN_PROGRESS), reason="Cek")
    e = Escalation.objects.get(consultation=c)
    assert (e.target, e.section) == (Escalation.Target.SECTION_HEAD, section)
    assert (e.requested_by, e.reason) == (officer, "Cek")
    assert e.due_at == c.escalation_due_at == at(2, 16)
    assert (c.status, c.resume_status, c.version) == (S.ESCALATED, S.FOLLOW_UP, 4)
    assert c.progress_due_at == at(2, 16)
    assert_event(c, officer, "escalate", S.IN_PROGRESS, S.ESCALATED, "Cek")
    assert last_event(c).data == {"section": "pencairan-dana"}
    assert notified(c, "escalated") == ["kasi"]


def test_escalating_from_work_in_progress_ends_the_session_and_starts_the_follow_up(
    in_state, office_hours, officer, section_head
):
    c = in_state(S.IN_PROGRESS)  # due 09:20
    office_hours.shift(timedelta(minutes=7))
    c = services.escalate(actor=officer, consultation=c, reason="Cek")
    assert (c.service_due_at, c.service_ended_at, c.deferred_at) == (None, at(1, 9, 7), at(1, 9, 7))
    assert c.service_office_seconds == 7 * 60  # kept for the reports
    assert c.follow_up_due_at == at(4, 16)  # close of the 3rd working day after Tuesday
    office_hours.shift(timedelta(minutes=5))
    c = services.answer_escalation(actor=section_head, consultation=c, answer="Boleh")
    assert (c.status, c.service_due_at, c.follow_up_due_at) == (S.FOLLOW_UP, None, at(4, 16))
    assert c.service_office_seconds == 7 * 60


def test_a_hand_over_to_hai_from_work_in_progress_starts_the_follow_up(
    in_state, office_hours, officer
):
    c = in_state(S.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=10))
    c = services.hand_to_hai(actor=officer, consultation=c, reason="Isu SPAN nasional")
    assert (c.service_due_at, c.service_office_seconds) == (None, 10 * 60)
    assert (c.follow_up_due_at, c.resume_status) == (at(4, 16), S.FOLLOW_UP)


def test_escalating_without_a_section_is_refused(office_hours, office, officer, stakeholder):
    c = services.register_walk_in(
        officer=officer, office=office, stakeholder=stakeholder, subject="S", question="Q"
    )
    before = snapshot(c)
    with pytest.raises(InvalidInput, match="section"):
        services.escalate(actor=officer, consultation=c, reason="Cek")
    assert snapshot(c) == before
    assert not Escalation.objects.exists()


def test_the_section_head_answers_and_work_resumes(in_state, section_head, officer):
    c = in_state(S.ESCALATED)
    c = services.answer_escalation(actor=section_head, consultation=c, answer="Boleh")
    e = Escalation.objects.get(consultation=c)
    assert (e.answer, e.answered_by, e.answered_at) == ("Boleh", section_head, at(1, 9))
    assert (c.status, c.resume_status, c.version) == (S.FOLLOW_UP, "", 5)
    assert (c.escalation_due_at, c.progress_due_at, c.follow_up_due_at) == (
        None,
        at(2, 16),
        at(4, 16),
    )
    note = c.messages.last()
    assert (note.kind, note.is_internal, note.body) == (Message.Kind.NOTE, True, "Boleh")
    assert_event(c, section_head, "answer_escalation", S.ESCALATED, S.FOLLOW_UP)
    assert notified(c, "escalation_answered") == ["officer"]


def test_the_office_head_may_answer_any_escalation(in_state, office_head):
    c = in_state(S.ESCALATED)
    c = services.answer_escalation(actor=office_head, consultation=c, answer="Boleh")
    assert c.status == S.FOLLOW_UP
    assert Escalation.objects.get(consultation=c).answered_by == office_head


def test_the_head_of_another_section_may_not_answer(in_state, office):
    bank = Section.objects.get(office=office, code="bank")
    bank_head = make_staff(office, Role.SECTION_HEAD, "kasi-bank", section=bank)
    c = in_state(S.ESCALATED)
    before = snapshot(c)
    with pytest.raises(InvalidInput, match="Only the head of"):
        services.answer_escalation(actor=bank_head, consultation=c, answer="Boleh")
    assert snapshot(c) == before
    assert Escalation.objects.get(consultation=c).is_open


def test_escalating_from_follow_up_and_answering_returns_to_follow_up(
    in_state, office_hours, officer, section_head
):
    c = services.escalate(actor=officer, consultation=in_state(S.FOLLOW_UP), reason="Cek")
    assert (c.resume_status, c.follow_up_due_at, c.service_due_at) == (S.FOLLOW_UP, at(4, 16), None)
    office_hours.shift(timedelta(hours=3))
    c = services.answer_escalation(actor=section_head, consultation=c, answer="Boleh")
    assert (c.status, c.resume_status, c.follow_up_due_at) == (S.FOLLOW_UP, "", at(4, 16))
    assert_event(c, section_head, "answer_escalation", S.ESCALATED, S.FOLLOW_UP)


def test_handing_to_hai_records_the_ticket_and_tells_the_stakeholder(in_state, officer):
    c = services.hand_to_hai(
        actor=officer, consultation=in_state(S.IN_PROGRESS), reason="Isu SPAN nasional",
        external_reference=" HAI-2026-123 ",
    )  # fmt: skip
    e = Escalation.objects.get(consultation=c)
    assert (e.target, e.external_reference, e.due_at) == ("hai_djpb", "HAI-2026-123", None)
    assert (c.status, c.escalation_due_at, c.progress_due_at) == (S.ESCALATED, None, at(2, 16))
    assert_event(c, officer, "hand_to_hai", S.IN_PROGRESS, S.ESCALATED, "Isu SPAN nasional")
    assert notified(c, "handed_to_hai") == STAKEHOLDER


def test_the_hand_over_event_records_the_ticket_as_stored(in_state, officer):
    c = services.hand_to_hai(
        actor=officer, consultation=in_state(S.IN_PROGRESS), reason="Isu SPAN nasional",
        external_reference=" HAI-2026-123 ",
    )  # fmt: skip
    assert last_event(c).data == {"external_reference": "HAI-2026-123"}


def test_recording_the_hai_answer_updates_the_ticket_and_resumes(in_state, officer):
    c = in_state(S.ESCALATED, escalation="hai")
    c = services.record_hai_answer(
        actor=officer, consultation=c, answer="Sudah diperbaiki", external_reference="HAI-9"
    )
    e = Escalation.objects.get(consultation=c)
    assert (e.answer, e.answered_by, e.external_reference) == ("Sudah diperbaiki", officer, "HAI-9")
    assert (c.status, c.version, c.progress_due_at) == (S.FOLLOW_UP, 5, at(2, 16))
    assert_event(c, officer, "record_hai_answer", S.ESCALATED, S.FOLLOW_UP)


def test_a_hand_over_to_hai_in_follow_up_counts_as_news_for_the_progress_clock(
    in_state, office_hours, officer
):
    c = in_state(S.FOLLOW_UP)  # deferred Tuesday: progress due Wednesday 16:00
    office_hours.move_to(at(2, 15), tick=False)
    c = services.hand_to_hai(actor=officer, consultation=c, reason="Isu SPAN")
    assert c.progress_due_at == at(3, 16)
    office_hours.move_to(at(3, 9), tick=False)
    c = services.record_hai_answer(actor=officer, consultation=c, answer="Sudah")
    assert (c.status, c.progress_due_at) == (S.FOLLOW_UP, at(3, 16))


def test_documents_received_restart_the_progress_cadence(
    in_state, office_hours, officer, stakeholder_user
):
    c = services.request_documents(
        actor=officer, consultation=in_state(S.FOLLOW_UP), description="SPM"
    )
    office_hours.move_to(at(3, 9), tick=False)
    c = services.provide_documents(actor=stakeholder_user, consultation=c, note="Terlampir")
    assert (c.status, c.progress_due_at) == (S.FOLLOW_UP, at(4, 16))


def test_the_officer_hears_the_hai_answer(in_state, officer):
    c = services.record_hai_answer(
        actor=officer, consultation=in_state(S.ESCALATED, escalation="hai"), answer="Selesai"
    )
    assert notified(c, "hai_answered") == ["officer"]


def test_an_internal_escalation_does_not_move_the_progress_deadline_back(
    in_state, office_hours, officer, section_head
):
    c = in_state(S.FOLLOW_UP)  # deferred Tuesday: progress due Wednesday 16:00
    office_hours.shift(timedelta(days=1))
    c = services.escalate(actor=officer, consultation=c, reason="Cek")
    assert c.progress_due_at == at(2, 16)
    office_hours.shift(timedelta(days=1))
    c = services.answer_escalation(actor=section_head, consultation=c, answer="Boleh")
    assert c.progress_due_at == at(2, 16)


def test_a_withdrawal_before_anyone_claimed_it_reaches_every_officer(
    online_consultation, officer, second_officer, stakeholder_user
):
    c = services.cancel(
        actor=stakeholder_user, consultation=online_consultation, reason="Sudah terjawab"
    )
    assert notified(c, "cancelled") == ["officer", "officer2"]


def test_resolving_an_escalated_consultation_withdraws_its_escalation(in_state, officer):
    c = services.resolve(actor=officer, consultation=in_state(S.ESCALATED), answer="Ok")
    assert Escalation.objects.get(consultation=c).withdrawn_at == at(1, 9)
    assert (c.status, c.resume_status, c.escalation_due_at) == (S.RESOLVED, "", None)


def test_an_escalation_to_a_section_without_a_head_reaches_the_office_head(
    in_state, office, officer, office_head
):
    bank = Section.objects.get(office=office, code="bank")
    c = services.escalate(
        actor=officer, consultation=in_state(S.IN_PROGRESS), reason="Retur?", section=bank
    )
    assert notified(c, "escalated") == ["kakan"]


def test_a_head_known_only_by_role_is_told_and_may_answer(in_state, office, officer):
    bank = Section.objects.get(office=office, code="bank")
    bank_head = make_staff(office, Role.SECTION_HEAD, "kasi-bank", section=bank)
    c = services.escalate(
        actor=officer, consultation=in_state(S.IN_PROGRESS), reason="Retur?", section=bank
    )
    assert notified(c, "escalated") == ["kasi-bank"]
    c = services.answer_escalation(actor=bank_head, consultation=c, answer="Boleh")
    assert c.status == S.FOLLOW_UP
