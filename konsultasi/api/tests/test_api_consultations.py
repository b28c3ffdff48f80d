"""Submitting, listing and reading consultations through the API."""

import pytest
from django.db import connection
from django.utils import timezone

from konsultasi.accounts.models import Role, StakeholderProfile
from konsultasi.api.tests.conftest import new_question
from konsultasi.conftest import listen_to_everything, make_staff, webhooks_queued
from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Event, Message
from konsultasi.notifications.models import OutboxMessage
from konsultasi.offices.models import CalendarOverride, Channel

URL = "/api/v1/consultations"
# One submission by an integration for a stakeholder on file, committed as in production: the
# key, read with its account's roles, its office and the office's calendar stamp (the calendar
# itself comes from the process's cache), whether anyone listens to the office's webhooks, and
# the API channel; the stakeholder — all read before the write transaction; then the
# transaction begun, the number, the consultation, its question, its event, the outbox rows;
# the commit. (Down from 18, and 19 on PostgreSQL: no savepoint, and no office row lock — a
# race of one key is settled by the unique key per office.) On PostgreSQL the consultation's
# key comes with its number, and its four inserts are one statement.
SUBMISSION_QUERIES = 6 if connection.vendor == "postgresql" else 9


def test_a_submission_is_created_with_its_number(api, office, office_hours):
    response = api.post(URL, new_question())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith(f"{office.number_prefix}-2026-")
    assert body["status"] == "new" and body["channel"] == "api"
    assert Consultation.objects.get().number == body["number"]


def test_the_answer_to_a_submission_is_the_consultation_as_stored(
    api, office, service_type, office_hours
):
    question = new_question(service_type=service_type.code)
    question["stakeholder"].update(satker_code="654321", satker_name="Satker Baru")
    created = api.post(URL, question).json()
    stored = api.get(f"{URL}/{created['number']}").json()
    assert created == {key: stored[key] for key in created}


@pytest.mark.django_db(transaction=True)  # each submission commits, its courier's task with it
def test_a_submission_reads_and_writes_a_fixed_number_of_queries_whatever_the_staff(
    api, office, officer, second_officer, office_hours, django_assert_max_num_queries
):
    api.post(URL, new_question())  # the stakeholder is on file from now on
    with django_assert_max_num_queries(SUBMISSION_QUERIES):
        assert api.post(URL, new_question(), **{"Idempotency-Key": "a"}).status_code == 201
    for i in range(5):
        make_staff(office, Role.OFFICER, f"officer-{i}")
    with django_assert_max_num_queries(SUBMISSION_QUERIES):
        assert api.post(URL, new_question(), **{"Idempotency-Key": "b"}).status_code == 201


def test_the_stakeholder_is_found_again_by_email(api, office, office_hours):
    api.post(URL, new_question())
    again = new_question(subject="Pertanyaan kedua")
    again["stakeholder"]["email"] = "BUDI@satker.example"
    assert api.post(URL, again).status_code == 201
    assert StakeholderProfile.objects.filter(office=office).count() == 1


def test_a_new_stakeholder_is_recorded_with_the_satker(api, office, office_hours):
    question = new_question()
    question["stakeholder"].update(satker_code="654321", satker_name="Satker Baru")
    body = api.post(URL, question).json()
    assert body["stakeholder"]["satker_code"] == "654321"


def test_a_bad_email_is_refused_field_by_field(api, office_hours):
    question = new_question()
    question["stakeholder"]["email"] = "not-an-address"
    response = api.post(URL, question)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["email"]
    assert not Consultation.objects.exists()


def test_an_integration_must_name_the_stakeholder(api, office_hours):
    response = api.post(URL, {"subject": "x", "question": "y"})
    assert response.status_code == 422
    assert not Consultation.objects.exists()


def test_missing_fields_are_listed_by_name(api, db):
    response = api.post(URL, {"question": "y"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert {"field": "subject", "message": body["errors"][0]["message"]} in body["errors"]


def test_a_field_of_the_wrong_shape_is_refused_by_its_name(api, office_hours):
    question = new_question()
    question["stakeholder"] = "Budi"
    response = api.post(URL, question)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [error["field"] for error in body["errors"]] == ["stakeholder"]
    assert not Consultation.objects.exists()


def test_a_retry_with_the_same_idempotency_key_returns_the_same_consultation(api, office_hours):
    first = api.post(URL, new_question(), **{"Idempotency-Key": "order-77"})
    retry = api.post(URL, new_question(), **{"Idempotency-Key": "order-77"})
    assert first.status_code == 201 and retry.status_code == 200
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json()["number"] == first.json()["number"]
    assert Consultation.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the refused insert rolls back the whole transaction
def test_a_retry_is_refused_by_the_unique_key_and_writes_nothing(api, office_hours):
    first = api.post(URL, new_question(), **{"Idempotency-Key": "order-79"})
    written = (Message.objects.count(), OutboxMessage.objects.count(), Event.objects.count())
    retry = api.post(URL, new_question(), **{"Idempotency-Key": "order-79"})
    assert retry.status_code == 200 and retry["Idempotent-Replayed"] == "true"
    assert retry.json()["number"] == first.json()["number"]
    assert Consultation.objects.count() == 1
    assert (Message.objects.count(), OutboxMessage.objects.count(), Event.objects.count()) == (
        written
    )
    # Its number was rolled back with it: the next one follows the first without a gap.
    following = api.post(URL, new_question(), **{"Idempotency-Key": "order-80"}).json()
    assert (
        int(following["number"].rsplit("-", 1)[1])
        == int(first.json()["number"].rsplit("-", 1)[1]) + 1
    )


def test_a_retry_gets_its_consultation_even_if_its_input_is_refused_now(
    api, service_type, office_hours
):
    question = new_question(service_type=service_type.code)
    first = api.post(URL, question, **{"Idempotency-Key": "order-78"})
    service_type.is_active = False
    service_type.save()
    retry = api.post(URL, question, **{"Idempotency-Key": "order-78"})
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.json()["number"] == first.json()["number"]


def test_a_key_used_by_one_stakeholder_is_refused_to_another(
    client, stakeholder_user, other_stakeholder, office_hours
):
    question = {"subject": "Retur", "question": "Dana retur?"}
    client.force_login(stakeholder_user)
    client.post(URL, question, content_type="application/json", headers={"Idempotency-Key": "k"})
    client.force_login(other_stakeholder.user)
    response = client.post(
        URL, question, content_type="application/json", headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == 422
    assert Consultation.objects.count() == 1


def test_a_stakeholder_submits_their_own_question_with_their_session(
    client, stakeholder_user, stakeholder, office_hours
):
    client.force_login(stakeholder_user)
    response = client.post(
        URL, {"subject": "Retur", "question": "Dana retur?"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["stakeholder"]["id"] == stakeholder.pk


def test_another_offices_service_type_is_refused_like_a_missing_one(
    api, other_office, office_hours
):
    foreign = api.post(URL, new_question(service_type="umum-x"))
    assert foreign.status_code == 422
    assert not Consultation.objects.exists()


def test_a_service_type_of_the_office_classifies_the_submission(api, service_type, office_hours):
    body = api.post(URL, new_question(service_type=service_type.code)).json()
    assert body["service_type"] == service_type.code


def test_the_list_pages_newest_first_with_an_opaque_cursor(
    api, office_hours, django_assert_max_num_queries
):
    numbers = [api.post(URL, new_question(subject=f"Q{i}")).json()["number"] for i in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        with django_assert_max_num_queries(6):
            page = api.get(URL, params).json()
        seen += [c["number"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(numbers))


def test_the_list_reads_a_fixed_number_of_queries_whatever_the_page_size(
    api, office_hours, django_assert_max_num_queries
):
    for i in range(12):
        api.post(URL, new_question(subject=f"Q{i}"))
    with django_assert_max_num_queries(6):
        assert len(api.get(URL, {"limit": 12}).json()["items"]) == 12


def test_a_tampered_cursor_is_refused(api, db):
    response = api.get(URL, {"cursor": "eyJ4IjoxfQ:abc:def"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_the_list_filters_by_status(api, office_hours, officer):
    number = api.post(URL, new_question()).json()["number"]
    c = Consultation.objects.get(number=number)
    services.claim(officer=officer, consultation=c)
    api.post(URL, new_question(subject="other"))
    found = api.get(URL, {"status": "in_progress"}).json()["items"]
    assert [c["number"] for c in found] == [number]
    assert api.get(URL, {"status": "bogus"}).status_code == 422


def test_a_consultation_reads_with_its_timeline(api, office_hours):
    number = api.post(URL, new_question()).json()["number"]
    body = api.get(f"{URL}/{number}").json()
    assert body["number"] == number
    assert body["timeline"][0]["kind"] == "question"


def test_another_offices_consultation_is_not_found(api, issue_key, other_office, office_hours):
    number = api.post(URL, new_question()).json()["number"]
    outsider = api.as_key(issue_key(for_office=other_office, name="Dumai"))
    response = outsider.get(f"{URL}/{number}")
    assert response.status_code == 404
    assert response.json() == outsider.get(f"{URL}/PKU-2026-99999").json()
    assert outsider.get(URL).json()["items"] == []


def test_a_stakeholder_cannot_read_another_stakeholders_consultation(
    client, api, other_stakeholder, office_hours
):
    number = api.post(URL, new_question()).json()["number"]
    other = other_stakeholder.user
    client.force_login(other)
    assert client.get(f"{URL}/{number}").status_code == 404


def test_a_stakeholder_does_not_see_internal_notes(
    client, in_state, officer, stakeholder_user, office_hours
):
    c = in_state("in_progress")
    services.add_note(actor=officer, consultation=c, body="Catatan internal")
    client.force_login(stakeholder_user)
    body = client.get(f"{URL}/{c.number}").json()
    assert all(not entry["internal"] for entry in body["timeline"])
    assert "Catatan internal" not in str(body)


def test_asking_for_another_office_by_slug_is_not_found(api, other_office, db):
    assert api.get(URL, {"office": other_office.slug}).status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/service-types", "/api/v1/sections", "/api/v1/channels"])
def test_reference_lists_answer(api, path, db):
    response = api.get(path)
    assert response.status_code == 200 and response.json()


def test_staff_and_integrations_find_stakeholders_of_their_office_only(
    api, stakeholder, issue_key, other_office
):
    found = api.get("/api/v1/stakeholders", {"q": stakeholder.email}).json()
    assert [s["id"] for s in found] == [stakeholder.pk]
    assert api.get(f"/api/v1/stakeholders/{stakeholder.pk}").status_code == 200
    outsider = api.as_key(issue_key(for_office=other_office, name="Dumai"))
    assert outsider.get("/api/v1/stakeholders", {"q": stakeholder.email}).json() == []
    assert outsider.get(f"/api/v1/stakeholders/{stakeholder.pk}").status_code == 404


def test_a_stakeholder_cannot_look_up_other_stakeholders(client, stakeholder_user):
    client.force_login(stakeholder_user)
    assert client.get("/api/v1/stakeholders", {"q": "satker"}).status_code == 403


def test_a_work_unit_is_looked_up_by_code(api, stakeholder):
    assert api.get("/api/v1/work-units/012345").json()["code"] == "012345"
    assert api.get("/api/v1/work-units/999999").status_code == 404


def test_a_body_past_the_upload_limit_is_refused_with_the_error_body(api, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(URL, new_question(question="x" * 5000))
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_a_calendar_change_between_two_calls_counts_for_the_second(api, office, office_hours):
    # The key's query reads the office's calendar stamp: the next call reads it anew.
    first = api.post(URL, new_question()).json()
    today = timezone.localtime(timezone.now(), office.zone).date()
    CalendarOverride.objects.create(office=office, date=today, kind=CalendarOverride.Kind.CLOSED)
    second = api.post(URL, new_question(subject="Kedua")).json()
    started = {
        c.number: timezone.localtime(c.service_started_at, office.zone).date()
        for c in Consultation.objects.all()
    }
    assert started[first["number"]] == today
    assert started[second["number"]] > today


def test_the_api_channel_changed_between_two_calls_counts_for_the_next(api, office, office_hours):
    # The key's query reads the API channel a question came through unless it says: each
    # call reads it anew, the first made of the active ones. One added later takes nothing
    # from it; the first deactivated hands its questions on.
    later = Channel.objects.create(code="api-pusat", name="A API pusat", kind=Channel.Kind.API)
    assert api.post(URL, new_question()).json()["channel"] == "api"
    Channel.objects.filter(code="api").update(is_active=False)
    assert api.post(URL, new_question(subject="Kedua")).json()["channel"] == later.code


def test_a_subscription_made_or_ended_between_two_calls_counts_for_the_next(
    api, office, office_hours
):
    # The key's query asks whether anyone listens to the office: each call asks anew.
    api.post(URL, new_question())
    assert webhooks_queued() == 0
    listening = listen_to_everything(office)
    api.post(URL, new_question(subject="Kedua"))
    assert webhooks_queued() == 1
    listening.is_active = False
    listening.save()
    api.post(URL, new_question(subject="Ketiga"))
    assert webhooks_queued() == 1
