"""Every action of the workspace through HTTP: it succeeds for the right person in the right
state (redirect back to the workspace, or the refreshed workspace swapped in with htmx), and
is refused — with the service's message and nothing written — for the wrong role, the wrong
state, another office, a stale page and invalid input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from konsultasi.conftest import make_stakeholder
from konsultasi.consultations import services
from konsultasi.consultations.models import Attachment, Consultation, Escalation, Message
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.tests.transition_checks import PDF
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.desk.tests.workspace_helpers import (
    act,
    english_client,
    open_form,
    snapshot,
    workspace_url,
)
from konsultasi.offices.models import ServiceType


def fresh(c) -> Consultation:
    return Consultation.objects.get(pk=c.pk)


def last_message(c) -> Message:
    return Message.objects.filter(consultation=c).order_by("-pk").first()


# slug → (the state to start from, who acts, the form data, what must hold afterwards)
SUCCESS = {
    "ambil": (S.NEW, "officer", lambda p: {}, lambda c, p: c.assignee == p["officer"]),
    "klasifikasi": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"service_type": p["retur"].pk},
        lambda c, p: (c.service_type, c.section) == (p["retur"], p["retur"].default_section),
    ),
    "balas": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"body": "Mohon ditunggu"},
        lambda c, p: last_message(c).body == "Mohon ditunggu",
    ),
    "selesaikan": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"answer": "SP2D terbit.", "regulations": "PMK 62/2023\n- Perdirjen 5/2024"},
        lambda c, p: (
            c.status == S.RESOLVED
            and c.resolution == "SP2D terbit.\n\nDasar hukum:\n- PMK 62/2023\n- Perdirjen 5/2024"
        ),
    ),
    "minta-dokumen": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"description": "Salinan SPM"},
        lambda c, p: c.status == S.WAITING_STAKEHOLDER,
    ),
    "dokumen-diterima": (
        S.WAITING_STAKEHOLDER,
        "second_officer",  # any officer at the counter may take documents in
        lambda p: {
            "note": "Diserahkan di loket",
            "documents": [SimpleUploadedFile("spm.pdf", PDF, content_type="application/pdf")],
        },
        lambda c, p: (
            c.status == S.IN_PROGRESS
            and Attachment.objects.get(consultation=c).original_name == "spm.pdf"
        ),
    ),
    "tindak-lanjut": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"reason": "Perlu konfirmasi"},
        lambda c, p: c.status == S.FOLLOW_UP,
    ),
    "progres": (
        S.FOLLOW_UP,
        "officer",
        lambda p: {"body": "Sedang dicek"},
        lambda c, p: last_message(c).kind == Message.Kind.PROGRESS,
    ),
    "eskalasi": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"reason": "Mohon arahan", "section": p["retur"].default_section.pk},
        lambda c, p: (
            c.status == S.ESCALATED
            and Escalation.objects.get(consultation=c).section == p["retur"].default_section
        ),
    ),
    "kirim-hai": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"reason": "Isu nasional", "external_reference": "HAI-123"},
        lambda c, p: Escalation.objects.get(consultation=c).external_reference == "HAI-123",
    ),
    "jawaban-hai": (
        "hai",
        "officer",
        lambda p: {"answer": "Sesuai ketentuan"},
        lambda c, p: c.status != S.ESCALATED and not c.escalations.open().exists(),
    ),
    "jawab-eskalasi": (
        S.ESCALATED,
        "section_head",
        lambda p: {"answer": "Boleh"},
        # Back to where it was (work in progress, or follow-up once escalating ends the session).
        lambda c, p: c.status != S.ESCALATED and not c.escalations.open().exists(),
    ),
    "catatan": (
        S.IN_PROGRESS,
        "second_officer",  # notes are collaboration
        lambda p: {"body": "Pernah ditanyakan"},
        lambda c, p: last_message(c).is_internal,
    ),
    "alihkan": (
        S.IN_PROGRESS,
        "section_head",
        lambda p: {"officer": p["second_officer"].pk},
        lambda c, p: c.assignee == p["second_officer"],
    ),
    "buka-kembali": (
        S.RESOLVED,
        "officer",
        lambda p: {"reason": "Belum terjawab"},
        lambda c, p: c.status == S.IN_PROGRESS,
    ),
    "tutup": (S.RESOLVED, "section_head", lambda p: {}, lambda c, p: c.status == S.CLOSED),
    "batalkan": (
        S.IN_PROGRESS,
        "officer",
        lambda p: {"reason": "Duplikat"},
        lambda c, p: c.status == S.CANCELLED,
    ),
}


@pytest.fixture
def people(office, officer, second_officer, section_head, office_head):
    retur = ServiceType.objects.get(office=office, code="retur")
    return {
        "officer": officer,
        "second_officer": second_officer,
        "section_head": section_head,
        "office_head": office_head,
        "retur": retur,
    }


@pytest.fixture
def bring(in_state):
    def to(state):
        return in_state(S.ESCALATED, escalation="hai") if state == "hai" else in_state(state)

    return to


@pytest.mark.parametrize("slug", list(SUCCESS))
def test_an_action_goes_back_to_the_workspace_after_doing_it(client, bring, people, slug):
    state, who, data, holds = SUCCESS[slug]
    c = bring(state)
    version = fresh(c).version
    signed_in(client, people[who])

    response = act(client, c, slug, data(people))

    assert response.status_code == 302
    assert response["Location"] == workspace_url(c)
    assert fresh(c).version == version + 1
    assert holds(fresh(c), people)
    page = client.get(response["Location"]).content.decode()
    assert 'class="flash flash--success"' in page


@pytest.mark.parametrize("slug", ["balas", "tindak-lanjut"])
def test_with_htmx_the_refreshed_workspace_is_swapped_in(client, bring, people, slug):
    state, who, data, _ = SUCCESS[slug]
    c = bring(state)
    response = act(signed_in(client, people[who]), c, slug, data(people), htmx=True)
    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#workspace", "outerHTML")
    assert response["HX-Replace-Url"] == workspace_url(c)  # not the action's own address
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="workspace"')
    assert 'id="saved-views" hx-swap-oob="true"' in body  # the counts follow
    assert "<html" not in body
    assert 'class="flash flash--success"' in body
    assert f"?version={fresh(c).version}" in body  # the clocks poll with the new version


@pytest.mark.parametrize("slug", [s for s in SUCCESS if s not in ("ambil", "tutup")])
def test_an_action_form_opens_in_place_or_as_the_workspace_page(client, bring, people, slug):
    state, who, _, _ = SUCCESS[slug]
    c = bring(state)
    signed_in(client, people[who])
    partial = open_form(client, c, slug, htmx=True)
    page = open_form(client, c, slug)
    assert partial.status_code == page.status_code == 200
    assert "<html" not in partial.content.decode()
    assert f'name="version" value="{fresh(c).version}"' in partial.content.decode()
    assert 'id="action-panel"' in page.content.decode()  # the whole workspace, form open


def test_a_stale_form_is_refused_naming_who_changed_it_and_nothing_is_applied(
    client, in_state, officer, section_head
):
    c = in_state(S.IN_PROGRESS)
    shown = fresh(c).version
    services.add_note(actor=section_head, consultation=c, body="Sudah saya cek")
    before = snapshot(c)

    response = act(signed_in(client, officer), c, "selesaikan", {"answer": "Jawab"}, version=shown)

    assert response.status_code == 409
    page = response.content.decode()
    assert "kasi" in page and "muat ulang" in page.lower()
    assert snapshot(c) == before
    assert "Jawab" in page  # what the officer wrote is still in the form


@pytest.mark.parametrize("slug", [s for s in SUCCESS if s != "ambil"])
def test_every_action_refuses_a_stale_version(client, bring, people, slug):
    state, who, data, _ = SUCCESS[slug]
    c = bring(state)
    before = snapshot(c)
    response = act(signed_in(client, people[who]), c, slug, data(people), version=1)
    assert response.status_code == 409
    assert snapshot(c) == before


def test_a_second_officer_claiming_is_told_who_has_it(client, in_state, officer, second_officer):
    c = in_state(S.NEW)
    shown = fresh(c).version
    services.claim(officer=officer, consultation=c)
    before = snapshot(c)

    response = act(signed_in(client, second_officer), c, "ambil", version=shown, htmx=True)

    assert response.status_code == 409
    assert "Konsultasi ini sudah ditangani oleh officer" in response.content.decode()
    assert 'type="submit"' not in response.content.decode()  # only "reload" leads on
    assert snapshot(c) == before
    assert fresh(c).assignee == officer


@pytest.mark.parametrize(
    ("slug", "state", "who"),
    [
        ("balas", S.IN_PROGRESS, "office_head"),  # heads of office do not write to stakeholders
        ("alihkan", S.IN_PROGRESS, "officer"),  # only heads reassign
        ("jawab-eskalasi", S.ESCALATED, "officer"),
        ("eskalasi", S.IN_PROGRESS, "section_head"),
    ],
)
def test_a_role_the_table_leaves_out_is_refused_with_403(client, bring, people, slug, state, who):
    c = bring(state)
    before = snapshot(c)
    data = {"body": "x", "reason": "x", "answer": "x", "officer": people["second_officer"].pk}
    response = act(signed_in(client, people[who]), c, slug, data)
    assert response.status_code == 403
    assert 'class="error-summary"' in response.content.decode()
    assert snapshot(c) == before


def test_an_action_illegal_in_the_state_is_refused_with_the_services_message(
    client, in_state, officer
):
    c = in_state(S.FOLLOW_UP)
    before = snapshot(c)
    response = act(english_client(signed_in(client, officer)), c, "tindak-lanjut", {"reason": "x"})
    assert response.status_code == 400
    assert "This cannot be done while the consultation is" in response.content.decode()
    assert snapshot(c) == before


def test_a_colleagues_consultation_is_refused_naming_its_officer(
    client, in_state, officer, second_officer
):
    c = in_state(S.IN_PROGRESS)
    before = snapshot(c)
    response = act(signed_in(client, second_officer), c, "balas", {"body": "Halo"})
    assert response.status_code == 409
    assert "officer" in response.content.decode()
    assert snapshot(c) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_offices_officer_finds_nothing(client, in_state, outsider, method):
    c = in_state(S.IN_PROGRESS)
    before = snapshot(c)
    signed_in(client, outsider)
    if method == "get":
        response = open_form(client, c, "balas")
    else:
        response = act(client, c, "balas", {"body": "Halo"})
    assert response.status_code == 404
    assert snapshot(c) == before


def test_an_unknown_action_is_not_found(client, in_state, officer):
    c = in_state(S.IN_PROGRESS)
    assert open_form(signed_in(client, officer), c, "hapus").status_code == 404


@pytest.mark.parametrize(
    ("slug", "data", "field"),
    [
        ("balas", {"body": "   "}, "id_body"),
        ("selesaikan", {"answer": ""}, "id_answer"),
        ("tindak-lanjut", {}, "id_reason"),
        ("klasifikasi", {"service_type": "999999"}, "id_service_type"),
        ("eskalasi", {"reason": "x" * 20_001}, "id_reason"),
    ],
)
def test_invalid_input_is_shown_by_its_field_and_nothing_is_written(
    client, in_state, officer, slug, data, field
):
    c = in_state(S.IN_PROGRESS)
    before = snapshot(c)
    response = act(signed_in(client, officer), c, slug, data, htmx=True)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and f'href="#{field}"' in page
    assert snapshot(c) == before


def test_documents_received_need_a_file_or_a_note(client, in_state, officer):
    c = in_state(S.WAITING_STAKEHOLDER)
    before = snapshot(c)
    response = act(signed_in(client, officer), c, "dokumen-diterima", {"note": ""})
    assert response.status_code == 400
    assert snapshot(c) == before


def test_a_file_refused_by_the_attachment_checks_writes_nothing(client, in_state, officer):
    c = in_state(S.WAITING_STAKEHOLDER)
    before = snapshot(c)
    page = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", content_type="text/html")
    response = act(signed_in(client, officer), c, "dokumen-diterima", {"documents": [page]})
    assert response.status_code == 400
    assert "x.pdf" in response.content.decode()
    assert snapshot(c) == before
    assert not Attachment.objects.exists()


def test_a_section_of_another_office_cannot_be_chosen(client, in_state, officer, other_office):
    c = in_state(S.IN_PROGRESS)
    foreign = other_office.sections.get()
    before = snapshot(c)
    response = act(
        signed_in(client, officer), c, "eskalasi", {"reason": "x", "section": foreign.pk}
    )
    assert response.status_code == 400
    assert snapshot(c) == before


def test_opening_an_action_the_state_no_longer_allows_goes_back_with_a_word(
    client, in_state, officer
):
    c = in_state(S.FOLLOW_UP)
    signed_in(client, officer)
    response = open_form(client, c, "tindak-lanjut")
    assert (response.status_code, response["Location"]) == (302, workspace_url(c))
    assert open_form(client, c, "tindak-lanjut", htmx=True).status_code == 409


def test_deferring_shows_the_follow_up_due_date_before_confirming(client, in_state, officer):
    c = in_state(S.IN_PROGRESS)  # Tuesday 1 September 2026, 09:00 WIB
    page = open_form(signed_in(client, officer), c, "tindak-lanjut", htmx=True).content.decode()
    assert "Jatuh tempo tindak lanjut: Jumat, 4 September 2026 pukul 16.00 WIB" in page


def test_escalating_shows_when_the_section_head_answers(client, in_state, officer):
    c = in_state(S.IN_PROGRESS)
    page = open_form(signed_in(client, officer), c, "eskalasi", htmx=True).content.decode()
    assert "Rabu, 2 September 2026 pukul 16.00 WIB" in page


def test_classifying_from_a_suggestion_is_one_click(client, office_hours, office, officer):
    c = services.register_walk_in(
        officer=officer, office=office, stakeholder=make_stakeholder(office, None), subject="Retur",
        question="Dana retur SP2D kami belum kembali", service_type=None,
    )  # fmt: skip
    signed_in(client, officer)
    page = client.get(workspace_url(c)).content.decode()
    retur = ServiceType.objects.get(office=office, code="retur")
    assert f'name="service_type" value="{retur.pk}"' in page
    response = act(client, c, "klasifikasi", {"service_type": retur.pk})
    assert response.status_code == 302
    assert fresh(c).service_type == retur
