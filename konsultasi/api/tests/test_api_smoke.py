from konsultasi.api.tests.conftest import new_question


def test_an_integration_submits_a_consultation_and_gets_its_number(api, office, office_hours):
    response = api.post("/api/v1/consultations", new_question())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith(f"{office.number_prefix}-2026-")
    assert body["stakeholder"]["email"] == "budi@satker.example"
    assert body["channel"] == "api"
    read = api.get(f"/api/v1/consultations/{body['number']}")
    assert read.status_code == 200, read.content
    assert read.json()["timeline"]
