"""Registering the called visitor: find them as you type or create them, record the question;
the 20-minute clock starts and the officer lands in the consultation's workspace."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse

from konsultasi.accounts.models import StakeholderProfile, WorkUnit
from konsultasi.conftest import make_stakeholder
from konsultasi.consultations.models import Consultation, Status
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.offices.models import Channel
from konsultasi.walkins.models import Ticket

pytestmark = pytest.mark.django_db


def register_url(ticket):
    return reverse("desk:walk_in_register", kwargs={"pk": ticket.pk})


def workspace_or_counter(number):
    try:
        return reverse("desk:consultation", kwargs={"number": number})
    except NoReverseMatch:  # the workspace is built on another branch
        return reverse("desk:walk_in_counter")


QUESTION = {"subject": "SP2D belum terbit", "question": "SPM sudah diajukan kemarin."}


@pytest.fixture
def siti(office):
    unit = WorkUnit.objects.create(code="001234", name="Satker Nol")
    return make_stakeholder(
        office,
        None,
        full_name="Siti Rahmawati",
        work_unit=unit,
        nip="198001012005012001",
        nik="1471010101010001",
        phone="081234567890",
        email="siti@example.invalid",
    )


def test_the_registration_page_shows_the_number_and_the_search(at_counter, called):
    page = at_counter.get(register_url(called)).content.decode()
    assert 'class="register-header__number">001<' in page
    assert 'name="q"' in page
    assert 'hx-trigger="input changed delay:300ms, submit"' in page
    assert "Stakeholder baru" in page


@pytest.mark.parametrize("query", ["001234", "siti", "0812-3456-7890", "198001012005012001"])
def test_the_stakeholder_is_found_as_the_officer_types(at_counter, called, siti, query):
    response = at_counter.get(
        register_url(called),
        {"q": query},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="stakeholder-results",
    )
    results = response.content.decode()
    assert "<html" not in results
    assert f'value="{siti.pk}"' in results
    assert "Siti Rahmawati" in results


def test_the_search_works_without_javascript_too(at_counter, called, siti):
    page = at_counter.get(register_url(called), {"q": "siti"}).content.decode()
    assert "<html" in page
    assert f'value="{siti.pk}"' in page


def test_nobody_found_offers_a_new_stakeholder(at_counter, called):
    page = at_counter.get(register_url(called), {"q": "tidak ada"}).content.decode()
    assert "Tidak ditemukan stakeholder" in page
    assert 'value="new" id="stakeholder-new" checked' in page


def test_the_nik_is_never_shown_in_the_results(at_counter, called, siti):
    page = at_counter.get(register_url(called), {"q": "siti"}).content.decode()
    assert siti.nik not in page


def test_another_offices_stakeholders_are_never_found(at_counter, called, other_office):
    make_stakeholder(other_office, None, full_name="Siti Dumai")
    page = at_counter.get(register_url(called), {"q": "siti"}).content.decode()
    assert "Siti Dumai" not in page


def test_registering_a_found_stakeholder_starts_the_clock_and_opens_the_workspace(
    at_counter, called, siti, service_type, officer
):
    response = at_counter.post(
        register_url(called),
        {**QUESTION, "stakeholder": siti.pk, "service_type": service_type.pk},
    )

    c = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == workspace_or_counter(c.number)
    assert (c.stakeholder, c.assignee, c.status) == (siti, officer, Status.IN_PROGRESS)
    assert c.service_due_at - c.service_started_at == timedelta(minutes=20)
    called.refresh_from_db()
    assert (called.status, called.consultation) == (Ticket.Status.SERVING, c)


def test_registering_a_new_stakeholder_creates_the_profile_and_the_consultation(
    at_counter, called, office
):
    response = at_counter.post(
        register_url(called),
        {
            **QUESTION,
            "stakeholder": "new",
            "full_name": "Budi Santoso",
            "position": "ppk",
            "work_unit_code": "654321",
            "work_unit_name": "Satker Baru",
            "phone": "+62 811 7654 321",
            "nip": "197501012000031002",
        },
    )

    assert response.status_code == 302
    profile = StakeholderProfile.objects.get(full_name="Budi Santoso")
    assert (profile.office, profile.work_unit.code, profile.phone) == (
        office,
        "654321",
        "08117654321",
    )
    assert Consultation.objects.get().stakeholder == profile


def test_a_new_stakeholder_with_a_malformed_nip_is_refused_on_its_field(at_counter, called):
    response = at_counter.post(
        register_url(called),
        {**QUESTION, "stakeholder": "new", "full_name": "Budi", "phone": "0811", "nip": "123"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_nip"' in page
    assert not StakeholderProfile.objects.exists()
    assert not Consultation.objects.exists()


def test_a_new_stakeholder_without_contact_is_refused_by_the_service_on_its_field(
    at_counter, called
):
    response = at_counter.post(
        register_url(called), {**QUESTION, "stakeholder": "new", "full_name": "Budi"}
    )
    assert response.status_code == 400
    assert 'href="#id_phone"' in response.content.decode()
    assert not StakeholderProfile.objects.exists()


def test_a_new_stakeholder_needs_a_name(at_counter, called):
    response = at_counter.post(register_url(called), {**QUESTION, "stakeholder": "new"})
    assert response.status_code == 400
    assert "Isi nama lengkap stakeholder baru." in response.content.decode()


def test_a_question_refused_by_the_service_leaves_no_new_profile_behind(at_counter, called):
    Channel.objects.filter(kind=Channel.Kind.WALK_IN).update(is_active=False)
    response = at_counter.post(
        register_url(called),
        {**QUESTION, "stakeholder": "new", "full_name": "Budi", "phone": "0811111111"},
    )
    assert response.status_code == 400
    assert "tatap muka" in response.content.decode()
    assert not StakeholderProfile.objects.exists()
    called.refresh_from_db()
    assert called.status == Ticket.Status.CALLED


def test_the_chosen_stakeholder_stays_chosen_when_the_form_comes_back(at_counter, called, siti):
    response = at_counter.post(
        register_url(called), {"stakeholder": siti.pk, "subject": "", "question": "Q"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f'value="{siti.pk}" id="stakeholder-{siti.pk}" checked' in page
    assert 'href="#id_subject"' in page


def test_no_stakeholder_chosen_is_refused(at_counter, called):
    response = at_counter.post(register_url(called), QUESTION)
    assert response.status_code == 400
    assert "Pilih stakeholder, atau daftarkan stakeholder baru." in response.content.decode()


@pytest.mark.parametrize("chosen", ["abc", "99999", "other-office"])
def test_a_stakeholder_outside_this_office_cannot_be_chosen(
    at_counter, called, other_office, chosen
):
    if chosen == "other-office":
        chosen = make_stakeholder(other_office, None, full_name="Orang Dumai").pk
    response = at_counter.post(register_url(called), {**QUESTION, "stakeholder": chosen})
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_a_double_submit_registers_one_consultation(at_counter, called, siti):
    data = {**QUESTION, "stakeholder": siti.pk}
    first = at_counter.post(register_url(called), data)
    second = at_counter.post(register_url(called), data)
    assert first["Location"] == second["Location"]
    assert Consultation.objects.count() == 1


def test_a_number_not_called_at_my_counter_sends_me_back_to_the_counter(
    client, called, second_officer
):
    response = signed_in(client, second_officer).get(register_url(called))
    assert response["Location"] == reverse("desk:walk_in_counter")
    follow = client.get(response["Location"]).content.decode()
    assert "Nomor 001 tidak sedang dipanggil di loket Anda." in follow


def test_a_colleague_cannot_register_my_number(client, called, second_officer, siti):
    response = signed_in(client, second_officer).post(
        register_url(called), {**QUESTION, "stakeholder": siti.pk}
    )
    assert response.status_code == 302
    assert not Consultation.objects.exists()


def test_a_number_of_another_office_is_not_found(client, called, outsider):
    assert signed_in(client, outsider).get(register_url(called)).status_code == 404


def test_a_stakeholder_cannot_register(client, called, stakeholder_user):
    assert signed_in(client, stakeholder_user).get(register_url(called)).status_code == 404
