"""The desk's side of feedback in a real browser: a stakeholder files a complaint about their
consultation on a phone; the section head finds it in the register, reviews and answers it;
the officer reads the satisfaction index with its breakdowns. Screenshots:
var/screenshots/complaint-*.png, survey-index-desk.png."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from konsultasi.consultations import services
from konsultasi.feedback import survey
from konsultasi.feedback.models import Complaint

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_complaint_filed_on_the_portal_is_answered_from_the_register(
    office_open, office, officer, section_head, stakeholder_user, page_for, axe_check, screenshot
):
    c = services.submit_question(
        actor=stakeholder_user, office=office, subject="Retur gaji", question="Bagaimana?"
    )
    c = services.claim(officer=officer, consultation=c)
    services.resolve(actor=officer, consultation=c, answer="Ajukan ulang SPM.")

    phone = page_for(stakeholder_user)
    phone.set_viewport_size(PHONE)
    phone.goto(f"/survei/pengaduan/{c.number}/")
    axe_check(phone)
    phone.get_by_label("Perihal").fill("Jawaban kurang jelas")
    phone.get_by_label("Pengaduan Anda").fill("Saya tidak mengerti langkah yang diminta.")
    phone.get_by_role("button", name="Kirim pengaduan").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Pengaduan diterima")
    complaint = Complaint.objects.get()
    expect(phone.locator(".skm-reference")).to_have_text(complaint.reference)
    axe_check(phone)
    screenshot(phone, "complaint-received-phone")

    desk = page_for(section_head)
    desk.goto("/desk/pengaduan/")
    axe_check(desk)
    screenshot(desk, "complaint-register")
    desk.get_by_role("link", name=complaint.reference).click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Jawaban kurang jelas")
    desk.get_by_role("button", name="Mulai telaah").click()
    desk.get_by_label("Jawaban kepada pengadu").fill("Mohon maaf, berikut penjelasannya.")
    axe_check(desk)
    screenshot(desk, "complaint-detail", full_page=True)
    desk.get_by_role("button", name="Catat jawaban").click()
    expect(desk.locator(".page-header__meta")).to_contain_text("Dijawab")
    complaint.refresh_from_db()
    assert complaint.answer == "Mohon maaf, berikut penjelasannya."


def test_the_section_head_pages_through_a_long_register(
    office_open, office, officer, section_head, page_for, axe_check, screenshot, monkeypatch
):
    from konsultasi.desk import complaint_register
    from konsultasi.feedback import complaints
    from konsultasi.feedback.models import ComplaintChannel

    monkeypatch.setattr(complaint_register, "PAGE_SIZE", 2)
    made = [
        complaints.register_complaint(
            actor=officer,
            office=office,
            channel=ComplaintChannel.objects.get(code="sp4n-lapor"),
            subject=f"Antrean lama {n}",
            description="Menunggu satu jam.",
            now=timezone.now(),
        )
        for n in range(3)
    ]
    desk = page_for(section_head)
    desk.goto("/desk/pengaduan/")
    pages = desk.get_by_role("navigation", name="Halaman")
    expect(pages).to_contain_text("Halaman 1")
    axe_check(desk)
    screenshot(desk, "complaint-register-paged")
    pages.get_by_role("link", name="Halaman berikutnya").focus()
    desk.keyboard.press("Enter")
    expect(pages).to_contain_text("Halaman 2")
    expect(desk.get_by_role("link", name=made[2].reference)).to_be_visible()
    expect(desk.get_by_role("link", name=made[0].reference)).to_have_count(0)
    expect(desk.get_by_label("Status")).to_have_value("open")


def test_the_officer_reads_the_index_with_its_breakdowns(
    office_open, office, officer, service_type, page_for, axe_check, screenshot
):
    for answers in ([4, 4, 4, 4, 4, 4, 4, 2, 4], [3] * 9, [4] * 9):
        survey.respond_at_kiosk(
            office=office,
            answers=answers,
            respondent={},
            service_type=service_type,
            now=timezone.now(),
        )
    desk = page_for(officer)
    desk.goto("/desk/survei/")
    expect(desk.locator(".skm-weakest")).to_have_text("Sarana dan prasarana")
    axe_check(desk)
    screenshot(desk, "survey-index-desk", full_page=True)
