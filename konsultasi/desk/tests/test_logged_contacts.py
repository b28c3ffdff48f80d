"""The logged-contacts page: a question received by e-mail, WhatsApp or phone is registered
for a stakeholder found again or registered on the spot — once, however often it is sent."""

import pytest
from django.urls import reverse

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.conftest import make_stakeholder
from konsultasi.consultations.models import Consultation, Status
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.offices.models import Channel

PAGE = "/desk/kontak/baru/"


@pytest.fixture
def whatsapp(office):
    return Channel.objects.get(code="whatsapp")


@pytest.fixture
def siti(office):
    return make_stakeholder(office, None, full_name="Siti Rahmawati", phone="081277778888")


def form(channel, **fields) -> dict:
    return {
        "client_token": "token-1",
        "channel": channel.pk,
        "subject": "Retur SP2D",
        "question": "Dana retur belum masuk ke rekening kami.",
        "claim": "on",
        **fields,
    }


def test_the_page_offers_only_the_official_contact_channels(client, office_hours, officer):
    page = signed_in(client, officer).get(PAGE).content.decode()
    assert "WhatsApp resmi KPPN" in page and "E-mail resmi KPPN" in page and "Telepon" in page
    assert "Tatap muka" not in page and "Portal Layanan" not in page
    assert 'name="client_token"' in page


def test_a_question_for_a_stakeholder_found_again_is_registered_and_claimed(
    client, office_hours, office, officer, whatsapp, siti
):
    response = signed_in(client, officer).post(PAGE, form(whatsapp, stakeholder=siti.pk))
    c = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:consultation", args=[c.number])
    assert (c.stakeholder, c.channel, c.status, c.assignee) == (
        siti,
        whatsapp,
        Status.IN_PROGRESS,
        officer,
    )


def test_a_new_stakeholder_is_registered_with_the_question(
    client, office_hours, office, officer, whatsapp
):
    data = form(
        whatsapp, stakeholder="new", full_name="Budi Santoso", position="treasurer",
        work_unit_code="654321", work_unit_name="Satker Baru", phone="0812 1111 2222", claim="",
    )  # fmt: skip
    response = signed_in(client, officer).post(PAGE, data)
    assert response.status_code == 302
    c = Consultation.objects.get()
    assert c.stakeholder.full_name == "Budi Santoso"
    assert c.stakeholder.work_unit.code == "654321"
    assert (c.status, c.assignee) == (Status.NEW, None)


def test_a_new_stakeholder_by_phone_is_registered_with_the_same_fields_as_at_the_counter(
    client, office_hours, officer, whatsapp
):
    data = form(
        whatsapp, stakeholder="new", full_name="Budi Santoso", phone="081211112222",
        nip="198001012005011001",
    )  # fmt: skip
    signed_in(client, officer).post(PAGE, data)
    assert Consultation.objects.get().stakeholder.nip == "198001012005011001"


def test_a_satker_code_that_is_not_six_digits_is_refused_by_its_field(
    client, office_hours, officer, whatsapp
):
    data = form(whatsapp, stakeholder="new", full_name="Budi", phone="0812", work_unit_code="12")
    response = signed_in(client, officer).post(PAGE, data)
    assert response.status_code == 400
    assert 'href="#id_work_unit_code"' in response.content.decode()
    assert not StakeholderProfile.objects.filter(full_name="Budi").exists()


def test_a_double_submit_registers_one_consultation(client, office_hours, officer, whatsapp):
    data = form(whatsapp, full_name="Budi Santoso", phone="081211112222")
    signed_in(client, officer)
    first, second = client.post(PAGE, data), client.post(PAGE, data)
    assert first["Location"] == second["Location"]
    assert Consultation.objects.count() == 1
    assert StakeholderProfile.objects.filter(full_name="Budi Santoso").count() == 1


def test_the_time_received_sets_the_service_clock(client, office_hours, officer, whatsapp, siti):
    # Received Monday evening at 19.30: the clock starts at Tuesday's opening.
    data = form(whatsapp, stakeholder=siti.pk, received_at="2026-08-31T19:30")
    signed_in(client, officer).post(PAGE, data)
    c = Consultation.objects.get()
    assert c.received_at.isoformat() == "2026-08-31T12:30:00+00:00"
    assert c.service_started_at.isoformat() == "2026-09-01T01:00:00+00:00"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"stakeholder": ""}, "id_stakeholder"),
        ({"stakeholder": "new", "full_name": ""}, "id_full_name"),
        ({"stakeholder": "new", "full_name": "Budi"}, "id_phone"),  # no way to answer
        ({"subject": ""}, "id_subject"),
        ({"question": ""}, "id_question"),
    ],
)
def test_what_is_missing_is_shown_by_its_field_and_nothing_is_registered(
    client, office_hours, officer, whatsapp, fields, field
):
    response = signed_in(client, officer).post(PAGE, form(whatsapp, **fields))
    assert response.status_code == 400
    assert f'href="#{field}"' in response.content.decode()
    assert not Consultation.objects.exists()
    assert not StakeholderProfile.objects.filter(full_name="Budi").exists()


def test_a_refusal_of_the_service_leaves_no_stakeholder_behind(
    client, office_hours, officer, whatsapp
):
    data = form(whatsapp, full_name="Budi", phone="0812", received_at="2030-01-01T10:00")
    response = signed_in(client, officer).post(PAGE, data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not StakeholderProfile.objects.filter(full_name="Budi").exists()


def test_a_stakeholder_of_another_office_cannot_be_chosen(
    client, office_hours, officer, whatsapp, other_office
):
    foreign = make_stakeholder(other_office, None, full_name="Orang Lain")
    response = signed_in(client, officer).post(PAGE, form(whatsapp, stakeholder=foreign.pk))
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_stakeholders_are_found_as_you_type_within_the_office_only(
    client, office_hours, officer, siti, other_office
):
    make_stakeholder(other_office, None, full_name="Siti Lain")
    results = signed_in(client, officer).get(
        reverse("desk:stakeholder_search"), {"q": "siti"}, HTTP_HX_REQUEST="true"
    )
    body = results.content.decode()
    assert "Siti Rahmawati" in body and "Siti Lain" not in body
    assert f'value="{siti.pk}"' in body


def test_a_search_as_you_type_reads_out_how_many_were_found_not_the_whole_list(
    client, office_hours, officer, siti
):
    officer_client = signed_in(client, officer)
    page = officer_client.get(PAGE).content.decode()
    assert '<div id="stakeholder-results">' in page
    assert '<p id="stakeholder-count" class="visually-hidden" role="status"></p>' in page
    answer = officer_client.get(
        reverse("desk:stakeholder_search"), {"q": "siti"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-swap-oob="innerHTML">1 stakeholder ditemukan.</p>' in answer


def test_without_javascript_the_find_button_shows_the_matches_and_keeps_what_was_typed(
    client, office_hours, officer, whatsapp, siti
):
    data = {**form(whatsapp), "q": "0812-7777-8888", "search": "1"}
    response = signed_in(client, officer).post(PAGE, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Siti Rahmawati" in page
    assert "Dana retur belum masuk ke rekening kami." in page
    assert 'class="error-summary"' not in page
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("office_head", 403), ("stakeholder_user", 404)])
def test_only_officers_and_section_heads_log_contacts(
    request, client, office_hours, whatsapp, who, status
):
    user = request.getfixturevalue(who)
    data = form(whatsapp, full_name="X", phone="081234567")
    assert signed_in(client, user).post(PAGE, data).status_code == status
    assert not Consultation.objects.exists()


def test_the_search_lists_stay_the_same_number_of_queries_however_many_match(
    client, office_hours, office, officer, django_assert_max_num_queries
):
    for i in range(12):
        make_stakeholder(office, None, full_name=f"Siti {i}")
    signed_in(client, officer)
    client.get(reverse("desk:stakeholder_search"), {"q": "siti"})
    with django_assert_max_num_queries(8):
        client.get(reverse("desk:stakeholder_search"), {"q": "siti"})


def test_a_refused_profile_is_shown_by_the_field_it_is_about(
    client, office_hours, officer, whatsapp
):
    data = form(whatsapp, stakeholder="new", full_name="Budi", phone="081211112222",
                work_unit_code="999999")  # fmt: skip
    response = signed_in(client, officer).post(PAGE, data)
    assert response.status_code == 400
    assert 'href="#id_work_unit_name"' in response.content.decode()
    assert not StakeholderProfile.objects.filter(full_name="Budi").exists()


def test_the_desk_navigation_leads_officers_to_the_page(client, office_hours, officer, office_head):
    assert PAGE in signed_in(client, officer).get(reverse("desk:inbox")).content.decode()
    assert PAGE not in signed_in(client, office_head).get(reverse("desk:overview")).content.decode()
