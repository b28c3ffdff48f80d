"""Who may call: keys (hashed, scoped, revocable, last used), sessions with CSRF, personal
tokens; the refusals' one body in the caller's language; the rate limit."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from konsultasi.accounts import api_keys
from konsultasi.accounts.models import ApiKey, Role
from konsultasi.accounts.permissions import roles_in
from konsultasi.api.auth import ASKED_WITH_THE_KEY
from konsultasi.api.tests.conftest import new_question


def test_a_call_without_credentials_is_refused_with_the_error_body(client, db):
    response = client.get("/api/v1/consultations")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["message"] and body["errors"] == []
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_or_malformed_key_is_refused(api, db):
    for token in ("lk_abc_def", "nonsense", "lk_000000000000_" + "x" * 43):
        assert api.as_key(token).get("/api/v1/me").status_code == 401


def test_a_key_is_stored_only_as_a_digest_and_records_when_it_was_used(api, key):
    row = ApiKey.objects.get()
    assert key not in (row.digest, row.prefix) and key.startswith(f"lk_{row.prefix}_")
    assert row.last_used_at is None
    assert api.get("/api/v1/me").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_an_integration_key_acts_as_an_officer_of_its_office_only(api, office):
    me = api.get("/api/v1/me").json()
    assert me["offices"] == [{"office": office.slug, "name": office.name, "roles": ["officer"]}]
    assert me["api_key"]["office"] == office.slug


def test_a_keys_roles_are_read_anew_with_each_call(api, office, office_hours):
    account = ApiKey.objects.get().user
    assert api.post("/api/v1/consultations", new_question()).status_code == 201
    account.office_roles.filter(office=office).delete()
    response = api.post("/api/v1/consultations", new_question(subject="Kedua"))
    assert response.status_code == 403
    account.office_roles.create(office=office, role=Role.SECTION_HEAD)
    assert api.get("/api/v1/me").json()["offices"][0]["roles"] == ["section_head"]


def test_a_key_whose_account_holds_several_roles_is_granted_each_from_the_keys_query(
    key, office, django_assert_num_queries
):
    account = ApiKey.objects.get().user
    account.office_roles.create(office=office, role=Role.SECTION_HEAD)
    found = api_keys.authenticate(key, asking=ASKED_WITH_THE_KEY)
    with django_assert_num_queries(0):
        assert roles_in(found.user, office) == {Role.OFFICER, Role.SECTION_HEAD}


def test_the_keys_query_reads_the_accounts_roles_in_one_look_and_asks_no_exists(
    key, office, django_assert_num_queries
):
    # An EXISTS per role (and one for the webhooks) was run by PostgreSQL as a hash of the
    # whole table, every office's rows, built anew for the one key on every call.
    api_keys.authenticate(key, asking=ASKED_WITH_THE_KEY)  # its last use recorded
    with CaptureQueriesContext(connection) as queries:
        assert api_keys.authenticate(key, asking=ASKED_WITH_THE_KEY) is not None
    (query,) = queries.captured_queries
    assert query["sql"].count('"accounts_officerole"') == 1
    assert "EXISTS" not in query["sql"].upper()


def test_a_revoked_key_stops_working_at_once(api, key):
    assert api.get("/api/v1/me").status_code == 200
    api_keys.revoke(ApiKey.objects.get())
    assert api.get("/api/v1/me").status_code == 401


def test_a_key_without_the_scope_is_refused_with_403(api, issue_key, office_hours):
    reader = api.as_key(issue_key("read"))
    assert reader.get("/api/v1/consultations").status_code == 200
    response = reader.post("/api/v1/consultations", new_question())
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_unknown_scopes_are_refused_when_issuing(office):
    with pytest.raises(api_keys.InvalidInput):
        api_keys.issue_integration_key(office=office, name="x", scopes="read,delete")


def test_the_command_prints_the_key_alone_on_its_last_line(api, office):
    out = StringIO()
    call_command(
        "create_api_key",
        office.slug,
        "--name",
        "HAI CSO",
        "--scopes",
        "all",
        stdout=out,
        stderr=StringIO(),
    )
    key = out.getvalue().strip().splitlines()[-1]
    assert api.as_key(key).get("/api/v1/me").json()["api_key"]["scopes"] == [
        "act",
        "read",
        "submit",
        "webhooks",
    ]


def test_the_command_refuses_an_unknown_office(db):
    with pytest.raises(CommandError):
        call_command("create_api_key", "nowhere", "--name", "x", stdout=StringIO())


def test_a_personal_token_acts_as_its_person(api, officer):
    _row, token = api_keys.issue_personal_token(user=officer, name="laptop", scopes="read")
    me = api.as_key(token).get("/api/v1/me").json()
    assert me["username"] == officer.username and me["api_key"]["office"] is None


def test_a_signed_in_person_reads_with_the_session(client, officer):
    client.force_login(officer)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["offices"][0]["roles"] == [Role.OFFICER.value]


def test_a_change_by_session_needs_the_csrf_token(officer, office_hours):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    refused = browser.post("/api/v1/consultations", new_question(), content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    browser.get("/login/")  # a page with a form sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/consultations",
        new_question(),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 201, accepted.content


def test_refusals_speak_indonesian_by_default_and_english_when_asked(client, db):
    indonesian = client.get("/api/v1/me").json()["message"]
    english = client.get("/api/v1/me", headers={"Accept-Language": "en-US,en;q=0.9"}).json()
    assert english["message"].startswith("Sign in")
    assert indonesian != english["message"]
    other = client.get("/api/v1/me", headers={"Accept-Language": "fr"}).json()["message"]
    assert other == indonesian


def test_past_the_rate_limit_a_key_is_told_when_to_come_back(api, settings):
    settings.API_RATE_LIMIT = 3
    for _ in range(3):
        assert api.get("/api/v1/me").status_code == 200
    refused = api.get("/api/v1/me")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert (
        1 <= int(refused["Retry-After"]) <= settings.API_RATE_WINDOW
        if hasattr(settings, "API_RATE_WINDOW")
        else 60
    )


def test_the_rate_limit_counts_each_key_apart(api, issue_key, settings):
    settings.API_RATE_LIMIT = 1
    assert api.get("/api/v1/me").status_code == 200
    assert api.get("/api/v1/me").status_code == 429
    assert api.as_key(issue_key(name="other")).get("/api/v1/me").status_code == 200


def test_an_integrations_account_is_nobody_to_notify_or_assign_work_to(
    api, key, office, officer, office_hours
):
    from konsultasi.consultations.models import Consultation
    from konsultasi.consultations.notify import officers_of
    from konsultasi.desk.forms import ReassignForm
    from konsultasi.desk.inbox_filters import office_officers
    from konsultasi.notifications.models import OutboxMessage

    integration = ApiKey.objects.get(office=office).user
    assert api.post("/api/v1/consultations", new_question()).status_code == 201
    consultation = Consultation.objects.get()

    assert officers_of(office) == [officer]
    assert integration.pk not in dict(office_officers(office))
    assert not OutboxMessage.objects.filter(recipient=integration).exists()
    told = OutboxMessage.objects.get(consultation=consultation, kind="new_consultation")
    assert told.recipient is None  # the office's officers, whoever they are
    choices = ReassignForm(consultation=consultation).fields["officer"].queryset
    assert integration not in choices and officer in choices
