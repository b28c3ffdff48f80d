"""The stakeholders' survey pages (by link and signed in), complaint filing, and the public
summary."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from konsultasi.consultations.models import Status
from konsultasi.feedback import survey
from konsultasi.feedback.models import Complaint, SurveyResponse
from konsultasi.feedback.questionnaire import ELEMENT_FIELDS
from konsultasi.notifications.models import OutboxMessage

FULL = {name: "4" for name in ELEMENT_FIELDS}


@pytest.fixture
def link(in_state, time_machine):
    c = in_state(Status.RESOLVED)
    time_machine.shift(timedelta(minutes=10))
    survey.invite_resolved(now=timezone.now())
    message = OutboxMessage.objects.get(
        kind=survey.INVITATION_KIND, channel=OutboxMessage.Channel.EMAIL
    )
    path = re.search(r"/survei/isi/[^/\s]+/", message.body).group(0)
    return c, path


def test_the_link_opens_the_nine_questions_without_sign_in(client, link):
    c, path = link
    page = client.get(path).content.decode()
    assert "Bagaimana kami melayani Anda?" in page
    assert c.number in page
    assert page.count('type="radio"') == 36
    assert "Sangat mudah" in page


def test_answering_by_link_records_the_response_and_thanks(client, link):
    c, path = link
    response = client.post(path, {**FULL, "gender": "female"}, follow=True)
    assert response.status_code == 200
    assert "Terima kasih" in response.content.decode()
    assert SurveyResponse.objects.get().consultation == c


def test_the_link_cannot_be_used_twice(client, link):
    _c, path = link
    client.post(path, FULL)
    assert client.get(path).status_code == 404
    assert client.post(path, FULL).status_code == 404
    assert SurveyResponse.objects.count() == 1


def test_a_missing_answer_is_shown_in_the_error_summary_and_nothing_is_saved(client, link):
    _c, path = link
    answers = {**FULL}
    del answers["e3"]
    response = client.post(path, answers)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_e3"' in page
    assert not SurveyResponse.objects.exists()


def test_an_unknown_link_says_so(client, office):
    response = client.get(reverse("feedback_portal:survey_link", kwargs={"token": "nope"}))
    assert response.status_code == 404
    assert "tidak berlaku" in response.content.decode()


def test_script_in_a_comment_is_inert_on_the_desk(client, link, officer):
    _c, path = link
    client.post(path, {**FULL, "comment": "<script>alert(1)</script>"})
    client.force_login(officer)
    page = client.get(reverse("desk:survey_index"), {"periode": "t3", "tahun": 2026}).content
    assert b"<script>alert(1)</script>" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_signed_in_stakeholder_answers_from_the_portal(client, link, stakeholder_user):
    c, _path = link
    client.force_login(stakeholder_user)
    mine = client.get(reverse("feedback_portal:my_surveys")).content.decode()
    assert c.number in mine
    url = reverse("feedback_portal:my_survey", kwargs={"number": c.number})
    client.post(url, FULL)
    assert SurveyResponse.objects.get().consultation == c


def test_another_stakeholder_cannot_answer_someone_else_s_survey(client, link, other_stakeholder):
    c, _path = link
    client.force_login(other_stakeholder.user)
    url = reverse("feedback_portal:my_survey", kwargs={"number": c.number})
    assert client.post(url, FULL).status_code == 404
    assert not SurveyResponse.objects.exists()


# --- complaints -------------------------------------------------------------------------


def test_a_stakeholder_files_a_complaint_about_their_consultation(
    client, in_state, stakeholder_user
):
    c = in_state(Status.RESOLVED)
    client.force_login(stakeholder_user)
    url = reverse("feedback_portal:complain", kwargs={"number": c.number})
    assert client.get(url).status_code == 200
    response = client.post(url, {"subject": "Lambat", "description": "Menunggu lama."})
    complaint = Complaint.objects.get()
    assert complaint.reference in response.content.decode()
    assert complaint.consultation == c


def test_a_stakeholder_cannot_complain_about_another_s_consultation(
    client, in_state, other_stakeholder
):
    c = in_state(Status.RESOLVED)
    client.force_login(other_stakeholder.user)
    url = reverse("feedback_portal:complain", kwargs={"number": c.number})
    assert client.get(url).status_code == 404
    assert client.post(url, {"subject": "S", "description": "D"}).status_code == 404
    assert not Complaint.objects.exists()


def test_an_empty_complaint_is_refused_with_the_error_summary(client, in_state, stakeholder_user):
    c = in_state(Status.RESOLVED)
    client.force_login(stakeholder_user)
    url = reverse("feedback_portal:complain", kwargs={"number": c.number})
    response = client.post(url, {"subject": "", "description": ""})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Complaint.objects.exists()


def test_filing_a_complaint_needs_sign_in(client, in_state):
    c = in_state(Status.RESOLVED)
    url = reverse("feedback_portal:complain", kwargs={"number": c.number})
    assert client.get(url).status_code == 302


# --- the public summary -----------------------------------------------------------------


def test_the_public_summary_shows_the_index_grade_and_elements(client, office, office_hours):
    for answers in ([4] * 9, [3] * 9):
        survey.respond_at_kiosk(
            office=office, answers=answers, respondent={}, service_type=None, now=timezone.now()
        )
    url = reverse("feedback_portal:summary", kwargs={"office_slug": office.slug})
    page = client.get(url, {"tahun": 2026, "periode": "t3"}).content.decode()
    assert "87,50" in page or "87.50" in page
    assert ">B<" in page
    assert "2 responden" in page
    assert "Penanganan pengaduan" in page


def test_the_public_summary_of_a_period_without_answers_says_so(client, office, office_hours):
    url = reverse("feedback_portal:summary", kwargs={"office_slug": office.slug})
    page = client.get(url, {"tahun": 2025, "periode": "s1"}).content.decode()
    assert "Belum ada jawaban survei" in page


@pytest.mark.parametrize("params", [{"tahun": "x"}, {"tahun": "99999"}, {"periode": "zz"}])
def test_an_unreadable_period_falls_back_to_the_current_quarter(client, office, params):
    url = reverse("feedback_portal:summary", kwargs={"office_slug": office.slug})
    assert client.get(url, params).status_code == 200
