"""/api/v1/library: the same search as the pages, and the same line between public and
internal entries."""

import pytest

from konsultasi.accounts import api_keys
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.services import save_entry


@pytest.fixture
def entries(db):
    def make(slug, **fields):
        fields.setdefault("kind", "pmk")
        return save_entry(actor=None, entry=Entry(slug=slug, **fields), service_types=None)

    return {
        "public": make(
            "pmk-210-pmk05-2022",
            number="210/PMK.05/2022",
            title="Tata Cara Pembayaran dalam rangka Pelaksanaan APBN",
            summary="Pengajuan SPM dan penerbitan SP2D oleh KPPN.",
        ),
        "internal": make(
            "sop-retur-internal",
            kind="guideline",
            title="Catatan internal pemeriksaan retur SP2D",
            summary="Langkah petugas memeriksa retur SP2D sebelum menjawab.",
            is_public=False,
        ),
    }


def test_an_integration_finds_an_entry_by_its_words(api, entries):
    response = api.get("/api/v1/library", {"q": "penerbitan sp2d"})
    assert response.status_code == 200
    slugs = [hit["slug"] for hit in response.json()]
    assert slugs[0] == "pmk-210-pmk05-2022"
    assert "SP2D" in response.json()[0]["snippet"]
    assert "<mark>" not in response.json()[0]["snippet"]


def test_an_integration_key_reads_internal_entries_too(api, entries):
    response = api.get("/api/v1/library", {"q": "retur"})
    assert "sop-retur-internal" in [hit["slug"] for hit in response.json()]


def test_a_stakeholders_token_never_reaches_an_internal_entry(api, entries, stakeholder_user):
    _row, token = api_keys.issue_personal_token(user=stakeholder_user, name="HP", scopes="all")
    as_stakeholder = api.as_key(token)
    found = as_stakeholder.get("/api/v1/library", {"q": "retur"})
    assert found.status_code == 200
    assert "sop-retur-internal" not in [hit["slug"] for hit in found.json()]
    hidden = as_stakeholder.get("/api/v1/library/sop-retur-internal")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"


def test_one_entry_comes_with_its_sanitized_body(api, entries):
    response = api.get("/api/v1/library/pmk-210-pmk05-2022")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == entries["public"].reference
    assert body["url"].endswith("/pmk-210-pmk05-2022/")


def test_an_unknown_kind_is_refused_with_the_field_named(api, entries):
    response = api.get("/api/v1/library", {"q": "sp2d", "kind": "novel"})
    assert response.status_code == 422
    assert any(error["field"].endswith("kind") for error in response.json()["errors"])


def test_a_search_without_a_key_is_refused(client, entries):
    assert client.get("/api/v1/library", {"q": "sp2d"}).status_code == 401
