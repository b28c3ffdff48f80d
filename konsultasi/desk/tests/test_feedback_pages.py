"""The desk's survey index, paper entry, survey kiosk and complaint register pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from konsultasi.feedback import complaints, survey
from konsultasi.feedback.models import Complaint, ComplaintChannel, ComplaintRead, SurveyResponse
from konsultasi.feedback.questionnaire import ELEMENT_FIELDS

FULL = {name: "4" for name in ELEMENT_FIELDS}
Q3 = {"tahun": 2026, "periode": "t3"}


def kiosk_answer(office, answers, service_type=None):
    return survey.respond_at_kiosk(
        office=office, answers=answers, respondent={}, service_type=service_type, now=timezone.now()
    )


def test_the_index_page_shows_breakdowns_and_the_weakest_element(
    client, office, officer, service_type, office_hours, django_assert_max_num_queries
):
    kiosk_answer(office, [4, 4, 4, 4, 4, 4, 4, 2, 4], service_type)
    kiosk_answer(office, [3] * 9)
    client.force_login(officer)
    with django_assert_max_num_queries(18):
        page = client.get(reverse("desk:survey_index"), Q3).content.decode()
    assert "Sarana dan prasarana" in page  # facilities: mean 2.5, the weakest
    assert service_type.name in page
    assert "Tatap muka di KPPN" in page
    assert "tanpa petugas (kios, kertas)" in page  # kiosk answers name no officer
    assert "None" not in page


def test_the_index_page_s_queries_do_not_grow_with_the_breakdown_rows(
    client, office, officer, office_hours, django_assert_max_num_queries
):
    from konsultasi.offices.models import ServiceType

    for st in ServiceType.objects.filter(office=office)[:10]:
        kiosk_answer(office, [4] * 9, st)
    client.force_login(officer)
    with django_assert_max_num_queries(18):
        client.get(reverse("desk:survey_index"), Q3)


def test_a_stakeholder_cannot_open_the_index(client, stakeholder_user):
    client.force_login(stakeholder_user)
    assert client.get(reverse("desk:survey_index")).status_code == 404


def test_an_officer_enters_a_paper_questionnaire(client, office, officer, office_hours):
    client.force_login(officer)
    response = client.post(reverse("desk:survey_paper"), {**FULL, "answered_on": "2026-08-31"})
    assert response.status_code == 302
    saved = SurveyResponse.objects.get()
    assert (saved.source, saved.entered_by, str(saved.answered_on)) == (
        "paper",
        officer,
        "2026-08-31",
    )


def test_a_paper_questionnaire_with_an_unknown_consultation_number_is_refused(
    client, officer, office_hours
):
    client.force_login(officer)
    response = client.post(
        reverse("desk:survey_paper"), {**FULL, "consultation_number": "PKU-2026-99999"}
    )
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_the_office_head_does_not_type_in_questionnaires(client, office_head):
    client.force_login(office_head)
    assert client.get(reverse("desk:survey_paper")).status_code == 403


# --- kiosk ------------------------------------------------------------------------------


def kiosk_url(office):
    return reverse("desk:survey_kiosk", kwargs={"office_slug": office.slug})


def test_the_survey_kiosk_needs_no_sign_in_and_shows_nothing_personal(client, office, stakeholder):
    page = client.get(kiosk_url(office)).content.decode()
    assert page.count('type="radio"') == 36
    assert stakeholder.full_name not in page


def test_a_kiosk_answer_is_saved_and_thanked(client, office, office_hours):
    response = client.post(kiosk_url(office), FULL, follow=True)
    assert "Terima kasih" in response.content.decode()
    assert SurveyResponse.objects.get().source == "kiosk"


def test_a_kiosk_answer_with_a_service_type_of_another_office_is_refused(
    client, office, other_office, office_hours
):
    from konsultasi.offices.models import Section, ServiceType

    foreign = ServiceType.objects.create(
        office=other_office,
        code="x",
        name="X",
        default_section=Section.objects.get(office=other_office),
    )
    response = client.post(kiosk_url(office), {**FULL, "service_type": foreign.pk})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_the_kiosk_limits_answers_per_minute(client, office, office_hours, settings):
    from django.core.cache import cache

    cache.clear()  # the minute's count of earlier tests at the same frozen instant
    settings.KONSULTASI_SURVEY_KIOSK_PER_MINUTE = 2
    for _ in range(2):
        client.post(kiosk_url(office), FULL)
    assert client.post(kiosk_url(office), FULL).status_code == 429
    assert SurveyResponse.objects.count() == 2


# --- complaints -------------------------------------------------------------------------


@pytest.fixture
def complaint(office, officer, office_hours):
    def make(code="sp4n-lapor"):
        return complaints.register_complaint(
            actor=officer,
            office=office,
            channel=ComplaintChannel.objects.get(code=code),
            subject="Antrean lama",
            description="Menunggu satu jam.",
            now=timezone.now(),
        )

    return make


def test_an_officer_registers_a_complaint_from_the_desk(client, office, officer, office_hours):
    client.force_login(officer)
    sms = ComplaintChannel.objects.get(code="sms")
    response = client.post(
        reverse("desk:complaint_register"),
        {
            "channel": sms.pk,
            "subject": "Lambat",
            "description": "Lama sekali",
            "external_reference": "X1",
        },
    )
    assert response.status_code == 302
    assert Complaint.objects.get().external_reference == "X1"


def test_the_register_lists_open_complaints_for_the_section_head(
    client, complaint, section_head, django_assert_max_num_queries
):
    for _ in range(5):
        complaint()
    wise = complaint("wise")
    client.force_login(section_head)
    with django_assert_max_num_queries(18):
        page = client.get(reverse("desk:complaint_list")).content.decode()
    assert page.count("Antrean lama") == 5
    assert wise.reference not in page


def test_the_register_pages_past_its_first_page_without_losing_or_repeating_one(
    client, complaint, section_head, monkeypatch
):
    from konsultasi.desk import complaint_register

    monkeypatch.setattr(complaint_register, "PAGE_SIZE", 2)
    made = [complaint().reference for _ in range(3)]
    client.force_login(section_head)
    first = client.get(reverse("desk:complaint_list")).content.decode()
    second = client.get(reverse("desk:complaint_list"), {"halaman": 2}).content.decode()
    assert [ref in first for ref in made] == [True, True, False]
    assert [ref in second for ref in made] == [False, False, True]
    assert "?status=open&amp;halaman=2" in first
    assert "?status=open&amp;halaman=1" in second
    assert "halaman=3" not in second


def test_a_register_page_past_the_end_offers_the_way_back(client, complaint, section_head):
    complaint()
    client.force_login(section_head)
    page = client.get(reverse("desk:complaint_list"), {"halaman": 9, "status": "all"})
    assert page.status_code == 200
    assert "Antrean lama" not in page.content.decode()
    assert "?status=all" in page.content.decode()


def test_a_page_number_that_is_not_a_number_shows_the_first_page(client, complaint, section_head):
    complaint()
    client.force_login(section_head)
    page = client.get(reverse("desk:complaint_list"), {"halaman": "dua"})
    assert "Antrean lama" in page.content.decode()


def test_an_officer_cannot_open_the_register(client, officer):
    client.force_login(officer)
    assert client.get(reverse("desk:complaint_list")).status_code == 403


def test_the_office_head_opens_a_whistleblowing_report_and_the_read_is_logged(
    client, complaint, office_head
):
    report = complaint("wise")
    client.force_login(office_head)
    response = client.get(reverse("desk:complaint_detail", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    assert ComplaintRead.objects.filter(complaint=report, reader=office_head).count() == 1


def test_a_section_head_gets_not_found_for_a_whistleblowing_report(client, complaint, section_head):
    report = complaint("wise")
    client.force_login(section_head)
    assert client.get(reverse("desk:complaint_detail", kwargs={"pk": report.pk})).status_code == 404
    assert not ComplaintRead.objects.exists()


def test_the_steps_from_the_detail_page(client, complaint, section_head):
    c = complaint()
    client.force_login(section_head)
    step = lambda name, **data: client.post(  # noqa: E731
        reverse("desk:complaint_step", kwargs={"pk": c.pk, "step": name}), data
    )
    assert step("review", version=1).status_code == 302
    assert step("answer", version=2, answer="Sudah kami perbaiki.").status_code == 302
    assert step("close", version=3).status_code == 302
    c.refresh_from_db()
    assert (c.status, c.answer) == ("closed", "Sudah kami perbaiki.")


def test_a_stale_step_is_refused_with_a_message(client, complaint, section_head):
    c = complaint()
    client.force_login(section_head)
    url = reverse("desk:complaint_step", kwargs={"pk": c.pk, "step": "review"})
    client.post(url, {"version": 1})
    response = client.post(
        reverse("desk:complaint_step", kwargs={"pk": c.pk, "step": "answer"}),
        {"version": 1, "answer": "x"},
    )
    assert response.status_code == 409
    c.refresh_from_db()
    assert c.answer == ""


def test_a_step_is_never_taken_on_get(client, complaint, section_head):
    c = complaint()
    client.force_login(section_head)
    url = reverse("desk:complaint_step", kwargs={"pk": c.pk, "step": "review"})
    assert client.get(url).status_code == 405


def test_a_paper_questionnaire_for_a_consultation_takes_its_breakdown(
    client, office, officer, in_state
):
    from konsultasi.consultations.models import Status

    c = in_state(Status.RESOLVED)
    client.force_login(officer)
    response = client.post(reverse("desk:survey_paper"), {**FULL, "consultation_number": c.number})
    assert response.status_code == 302
    saved = SurveyResponse.objects.get()
    assert (saved.consultation, saved.service_type, saved.officer) == (c, c.service_type, officer)


def test_a_complaint_names_the_consultation_of_this_office_by_number(client, officer, in_state):
    from konsultasi.consultations.models import Status

    c = in_state(Status.RESOLVED)
    client.force_login(officer)
    sms = ComplaintChannel.objects.get(code="sms")
    data = {"channel": sms.pk, "subject": "S", "description": "D", "consultation_number": c.number}
    assert client.post(reverse("desk:complaint_register"), data).status_code == 302
    assert Complaint.objects.get().consultation == c
    data["consultation_number"] = "PKU-2026-99999"
    assert client.post(reverse("desk:complaint_register"), data).status_code == 400
    assert Complaint.objects.count() == 1
