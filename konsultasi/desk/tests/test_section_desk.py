"""The section head's desk: the escalations waiting for them, answering one, and the section's
lists — and who may not use it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konsultasi.accounts.models import Role
from konsultasi.conftest import make_staff
from konsultasi.consultations import services
from konsultasi.consultations.models import Message, Status
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.notifications.models import OutboxMessage
from konsultasi.offices.models import Section

DESK = reverse("desk:section_desk")


def answer_url(consultation) -> str:
    return reverse("desk:answer_escalation", kwargs={"number": consultation.number})


@pytest.fixture
def head_client(client, section_head):
    return signed_in(client, section_head)


@pytest.mark.parametrize("user_fixture", ["officer", "office_head"])
def test_other_desk_roles_are_refused(client, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    assert signed_in(client, user).get(DESK).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(DESK)["Location"].startswith(reverse("login"))


def test_a_stakeholder_finds_no_section_desk(client, stakeholder_user):
    assert signed_in(client, stakeholder_user).get(DESK).status_code == 404


def test_the_escalations_to_the_heads_section_are_listed_with_their_clock(head_client, in_state):
    escalated = in_state(Status.ESCALATED)
    response = head_client.get(DESK)
    page = response.content.decode()
    assert [e.consultation.number for e in response.context["escalations"]] == [escalated.number]
    assert "Mohon konfirmasi" in page  # the officer's reason
    assert "jatuh tempo" in page  # the escalation clock: one working day
    assert "Jawaban eskalasi" in page


def test_escalations_to_another_section_are_not_listed(client, office, in_state):
    in_state(Status.ESCALATED)
    bank = Section.objects.get(office=office, code="bank")
    other_head = make_staff(office, Role.SECTION_HEAD, "kasi-bank", section=bank)
    response = signed_in(client, other_head).get(DESK)
    assert response.context["escalations"] == []


def test_answering_returns_the_consultation_to_its_officer_with_the_guidance(
    head_client, in_state, officer
):
    escalated = in_state(Status.ESCALATED)
    response = head_client.post(
        answer_url(escalated),
        {"answer": "Gunakan PMK 62/2023 pasal 10.", "version": escalated.version},
    )
    assert response.status_code == 302
    assert response["Location"] == DESK
    escalated.refresh_from_db()
    assert escalated.status == Status.FOLLOW_UP  # the session ended when it was escalated
    note = Message.objects.get(consultation=escalated, kind=Message.Kind.NOTE)
    assert note.body == "Gunakan PMK 62/2023 pasal 10."
    assert OutboxMessage.objects.filter(
        recipient=officer, kind="escalation_answered", consultation=escalated
    ).exists()


def test_an_empty_answer_is_refused_with_the_error_summary(head_client, in_state):
    escalated = in_state(Status.ESCALATED)
    response = head_client.post(answer_url(escalated), {"answer": " ", "version": 1})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "Tuliskan jawaban untuk petugas layanan." in page
    escalated.refresh_from_db()
    assert escalated.status == Status.ESCALATED


def test_a_consultation_that_is_not_escalated_is_refused_with_the_services_message(
    head_client, in_state
):
    working = in_state(Status.IN_PROGRESS)
    response = head_client.post(
        answer_url(working), {"answer": "Jawaban", "version": working.version}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "tidak dapat dilakukan" in page  # the transition table's refusal


def test_the_head_of_another_section_cannot_answer(client, office, in_state):
    escalated = in_state(Status.ESCALATED)
    bank = Section.objects.get(office=office, code="bank")
    other_head = make_staff(office, Role.SECTION_HEAD, "kasi-bank", section=bank)
    response = signed_in(client, other_head).post(
        answer_url(escalated), {"answer": "Jawaban", "version": escalated.version}
    )
    assert response.status_code == 400
    escalated.refresh_from_db()
    assert escalated.status == Status.ESCALATED


def test_an_officer_cannot_answer(client, officer, in_state):
    escalated = in_state(Status.ESCALATED)
    response = signed_in(client, officer).post(
        answer_url(escalated), {"answer": "Jawaban", "version": escalated.version}
    )
    assert response.status_code == 403


def test_a_consultation_of_another_office_is_not_found(client, other_office, in_state):
    escalated = in_state(Status.ESCALATED)
    foreign_section = Section.objects.get(office=other_office)
    foreign_head = make_staff(
        other_office, Role.SECTION_HEAD, "kasi-dumai", section=foreign_section
    )
    response = signed_in(client, foreign_head).post(
        answer_url(escalated), {"answer": "Jawaban", "version": escalated.version}
    )
    assert response.status_code == 404


def test_answering_needs_a_post(head_client, in_state):
    assert head_client.get(answer_url(in_state(Status.ESCALATED))).status_code == 405


def test_the_sections_overdue_and_quiet_follow_ups_are_listed(head_client, in_state, office_hours):
    quiet = in_state(Status.FOLLOW_UP)
    late = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(days=1))  # Wednesday: no progress yet; the 20 minutes long past
    response = head_client.get(DESK)
    blocks = {key: [c.number for c in rows] for key, _title, rows, _n in response.context["blocks"]}
    assert blocks["breached"] == [late.number]
    assert blocks["no-progress"] == [quiet.number]
    assert sorted(blocks["open"]) == sorted([quiet.number, late.number])


def test_the_number_of_queries_does_not_grow_with_the_lists(head_client, in_state):
    in_state(Status.ESCALATED)
    head_client.get(DESK)
    with CaptureQueriesContext(connection) as few:
        head_client.get(DESK)
    for status in (Status.ESCALATED, Status.ESCALATED, Status.FOLLOW_UP, Status.IN_PROGRESS):
        in_state(status)
    with CaptureQueriesContext(connection) as many:
        response = head_client.get(DESK)
    assert len(response.context["escalations"]) == 3
    assert len(many) == len(few)


def test_a_stale_answer_is_refused(head_client, in_state, officer):
    escalated = in_state(Status.ESCALATED)
    services.post_progress(actor=officer, consultation=escalated, body="Masih menunggu kasi.")
    response = head_client.post(
        answer_url(escalated), {"answer": "Jawaban", "version": escalated.version}
    )
    assert response.status_code == 409
