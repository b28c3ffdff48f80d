"""The satisfaction survey in a real browser, from the invitation to the office's published
summary: a consultation is resolved, the invitation task queues the link, the stakeholder opens
it on a phone (390 px) and on a desktop, skips a question and is told so, answers all nine,
is thanked, and follows the link to the office's summary, where the index counts them.
Screenshots: var/screenshots/survey-*.png."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from konsultasi.consultations import services
from konsultasi.feedback import survey
from konsultasi.feedback.models import SurveyResponse
from konsultasi.notifications.models import OutboxMessage

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def invitation_link(office, officer, stakeholder_user, subject: str) -> str:
    c = services.submit_question(
        actor=stakeholder_user, office=office, subject=subject, question="Kapan SP2D terbit?"
    )
    c = services.claim(officer=officer, consultation=c)
    services.resolve(actor=officer, consultation=c, answer="SP2D terbit hari ini.")
    survey.invite_resolved(now=timezone.now() + timedelta(minutes=10))
    message = OutboxMessage.objects.get(
        kind=survey.INVITATION_KIND, channel=OutboxMessage.Channel.EMAIL, consultation=c
    )
    return re.search(r"/survei/isi/[^/\s]+/", message.body).group(0)


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_stakeholder_answers_the_survey_from_the_invitation_and_sees_the_summary(
    office_open, office, officer, stakeholder_user, new_context, axe_check, screenshot, screen
):
    link = invitation_link(office, officer, stakeholder_user, f"SP2D ({screen})")
    viewport = PHONE if screen == "phone" else {"width": 1366, "height": 768}
    page = new_context().new_page()
    page.set_viewport_size(viewport)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bagaimana kami melayani Anda?")
    axe_check(page)
    screenshot(page, f"survey-{screen}-questionnaire", full_page=True)

    # Answer eight of the nine: the error summary names the ninth and links to it.
    questions = page.locator("fieldset.skm-question")
    expect(questions).to_have_count(9)
    for position in range(8):
        questions.nth(position).get_by_role("radio").nth(3).check()
    page.get_by_role("button", name="Kirim jawaban saya").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("9. Bagaimana penanganan pengaduan")
    axe_check(page)
    screenshot(page, f"survey-{screen}-missing-answer")
    summary.get_by_role("link").first.click()
    questions.nth(8).get_by_text("Dikelola dengan baik").click()
    page.get_by_label("Jenis kelamin").select_option(label="Perempuan")
    page.get_by_role("button", name="Kirim jawaban saya").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih atas jawaban Anda")
    axe_check(page)
    screenshot(page, f"survey-{screen}-thanks")
    assert SurveyResponse.objects.count() == 1

    page.get_by_role("link", name="Lihat hasil survei").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei Kepuasan Masyarakat (SKM)")
    expect(page.locator(".skm-result")).to_contain_text("1 responden")
    expect(page.locator(".skm-result")).to_contain_text("100,00")
    axe_check(page)
    screenshot(page, f"survey-{screen}-summary", full_page=True)

    # The link was used: opening it again says so.
    page.goto(link)
    expect(page.locator("main")).to_contain_text("tidak berlaku")


def test_the_survey_kiosk_at_the_desk_takes_an_answer_without_sign_in(
    office_open, office, page, axe_check, screenshot
):
    page.goto(f"/desk/antrian/{office.slug}/survei/")
    axe_check(page)
    screenshot(page, "survey-kiosk", full_page=True)
    for question in page.locator("fieldset.skm-question").all():
        question.get_by_role("radio").nth(3).check()
    page.get_by_role("button", name="Kirim jawaban saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih atas jawaban Anda")
    axe_check(page)
    assert SurveyResponse.objects.get().source == "kiosk"
