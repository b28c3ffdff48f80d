"""Every lifecycle action through the API: it succeeds for the role the permission table
allows, and is refused for a stale version (409), a state that does not allow it (409), a
role that may not (403) and an officer of another office (404, as for a missing one)."""

import pytest

from konsultasi.consultations.models import Consultation, Status
from konsultasi.offices.models import Section

# action path: (state it starts from, who acts, body, status after, who may not)
ACTIONS = {
    "claim": ("new", "officer", {}, Status.IN_PROGRESS, "office_head"),
    "classify": (
        "in_progress",
        "officer",
        {"service_type": "sp2d"},
        Status.IN_PROGRESS,
        "stakeholder_user",
    ),
    "reply": (
        "in_progress",
        "officer",
        {"body": "Sedang kami cek."},
        Status.IN_PROGRESS,
        "office_head",
    ),
    "note": (
        "in_progress",
        "officer",
        {"body": "Cek SPAN."},
        Status.IN_PROGRESS,
        "stakeholder_user",
    ),
    "request-documents": (
        "in_progress",
        "officer",
        {"description": "Salinan SPM"},
        Status.WAITING_STAKEHOLDER,
        "office_head",
    ),
    "resolve": (
        "in_progress",
        "officer",
        {"answer": "Sudah terbit."},
        Status.RESOLVED,
        "office_head",
    ),
    "defer": (
        "in_progress",
        "officer",
        {"reason": "Perlu konfirmasi."},
        Status.FOLLOW_UP,
        "office_head",
    ),
    "progress": (
        "follow_up",
        "officer",
        {"body": "Masih dicek."},
        Status.FOLLOW_UP,
        "stakeholder_user",
    ),
    "escalate": (
        "in_progress",
        "officer",
        {"reason": "Mohon arahan."},
        Status.ESCALATED,
        "section_head",
    ),
    "answer-escalation": (
        "escalated",
        "section_head",
        {"answer": "Boleh."},
        Status.FOLLOW_UP,
        "officer",
    ),
    "hand-to-hai": (
        "in_progress",
        "officer",
        {"reason": "Isu nasional."},
        Status.ESCALATED,
        "office_head",
    ),
    "hai-answer": (
        "escalated-hai",
        "officer",
        {"answer": "Jawaban HAI."},
        Status.FOLLOW_UP,
        "office_head",
    ),
    "reopen": (
        "resolved",
        "stakeholder_user",
        {"reason": "Belum terjawab."},
        Status.IN_PROGRESS,
        "office_head",
    ),
    "close": ("resolved", "stakeholder_user", {}, Status.CLOSED, "officer"),
    "cancel": (
        "in_progress",
        "officer",
        {"reason": "Duplikat."},
        Status.CANCELLED,
        "stakeholder_user_of_another",
    ),
}


@pytest.fixture
def people(officer, section_head, office_head, stakeholder_user, other_stakeholder, outsider):
    return {
        "officer": officer,
        "section_head": section_head,
        "office_head": office_head,
        "stakeholder_user": stakeholder_user,
        "stakeholder_user_of_another": other_stakeholder.user,
        "outsider": outsider,
    }


@pytest.fixture
def bring(in_state):
    def to(state: str) -> Consultation:
        if state == "escalated-hai":
            return in_state(Status.ESCALATED, escalation="hai")
        return in_state(state)

    return to


def act(client, user, c: Consultation, path: str, body: dict, version: int | None):
    client.force_login(user)
    payload = {**body, **({"version": version} if version is not None else {})}
    return client.post(
        f"/api/v1/consultations/{c.number}/{path}", payload, content_type="application/json"
    )


@pytest.mark.parametrize("path", ACTIONS)
def test_the_allowed_role_takes_the_action(client, people, bring, path):
    state, actor, body, after, _refused = ACTIONS[path]
    c = bring(state)
    response = act(client, people[actor], c, path, body, c.version)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == after
    assert response.json()["version"] == c.version + 1
    c.refresh_from_db()
    assert c.status == after


@pytest.mark.parametrize("path", ACTIONS)
def test_an_action_on_a_stale_version_is_refused_and_changes_nothing(client, people, bring, path):
    state, actor, body, _after, _refused = ACTIONS[path]
    c = bring(state)
    response = act(client, people[actor], c, path, body, c.version + 7)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "stale_edit"
    assert Consultation.objects.get(pk=c.pk).version == c.version


# An internal note may be added in any state, closed included.
@pytest.mark.parametrize("path", [p for p in ACTIONS if p != "note"])
def test_an_action_the_state_does_not_allow_is_refused(client, people, bring, path):
    _state, actor, body, _after, _refused = ACTIONS[path]
    c = bring(Status.CLOSED)
    response = act(client, people[actor], c, path, body, c.version)
    assert response.status_code in (409, 422), response.content
    assert Consultation.objects.get(pk=c.pk).status == Status.CLOSED


@pytest.mark.parametrize("path", ACTIONS)
def test_a_role_the_table_does_not_allow_is_refused(client, people, bring, path):
    state, _actor, body, _after, refused = ACTIONS[path]
    c = bring(state)
    response = act(client, people[refused], c, path, body, c.version)
    assert response.status_code in (403, 404), response.content
    assert Consultation.objects.get(pk=c.pk).version == c.version


@pytest.mark.parametrize("path", ACTIONS)
def test_an_officer_of_another_office_is_told_it_does_not_exist(client, people, bring, path):
    state, _actor, body, _after, _refused = ACTIONS[path]
    c = bring(state)
    response = act(client, people["outsider"], c, path, body, c.version)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_required_version_is_asked_for_by_name(client, people, bring):
    c = bring("in_progress")
    response = act(client, people["officer"], c, "resolve", {"answer": "x"}, None)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "version", "message": response.json()["errors"][0]["message"]}
    ]


def test_an_integration_key_claims_and_resolves_as_its_service_account(api, office_hours):
    from konsultasi.api.tests.conftest import new_question

    created = api.post("/api/v1/consultations", new_question()).json()
    number = created["number"]
    claimed = api.post(f"/api/v1/consultations/{number}/claim", {"version": created["version"]})
    assert claimed.status_code == 200, claimed.content
    assert claimed.json()["assignee"].startswith("API ")
    resolved = api.post(
        f"/api/v1/consultations/{number}/resolve",
        {"answer": "Sudah terbit.", "version": claimed.json()["version"]},
    )
    assert resolved.json()["status"] == Status.RESOLVED


def test_an_integration_cannot_answer_an_escalation(api, bring):
    c = bring(Status.ESCALATED)
    response = api.post(
        f"/api/v1/consultations/{c.number}/answer-escalation",
        {"answer": "Boleh.", "version": c.version},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_officer_cannot_act_on_a_colleagues_consultation(client, second_officer, bring):
    c = bring("in_progress")
    client.force_login(second_officer)
    response = client.post(
        f"/api/v1/consultations/{c.number}/resolve",
        {"answer": "x", "version": c.version},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_claimed"


def test_a_section_of_another_office_is_refused_like_a_missing_one(
    client, people, bring, other_office
):
    Section.objects.create(office=other_office, code="khusus-dumai", name="Khusus")
    c = bring("in_progress")
    body = {"reason": "x", "section": "khusus-dumai"}
    response = act(client, people["officer"], c, "escalate", body, c.version)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "section"
