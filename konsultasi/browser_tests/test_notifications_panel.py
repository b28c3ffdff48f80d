"""The workspace's panel of notifications sent, in a real browser: an e-mail that arrived
through the office mailbox became a consultation, the stakeholder was told its number, and the
officer sees what was sent, to whom and how.
Screenshot: var/screenshots/workspace-notifications.png"""

import pytest
from playwright.sync_api import expect

from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation
from konsultasi.notifications.delivery import deliver_due
from konsultasi.notifications.models import OutboxMessage
from konsultasi.offices.models import Channel

pytestmark = pytest.mark.browser


def test_the_officer_sees_what_was_sent_about_a_consultation(
    office_open, office, stakeholder, officer, page_for, axe_check, screenshot
):
    consultation = services.take_in_from_outside(
        office=office,
        stakeholder=stakeholder,
        channel=Channel.objects.get(kind=Channel.Kind.EMAIL),
        subject="Revisi DIPA",
        question="Bagaimana cara mengajukan revisi DIPA?",
    )
    deliver_due()  # the console backend of development: the 'received' e-mail is sent
    OutboxMessage.objects.create(
        office=office,
        consultation=consultation,
        kind="progress",
        channel="whatsapp",
        address=stakeholder.phone,
        subject="s",
        body="b",
        state=OutboxMessage.State.PARKED,
        attempts=8,
    )
    desk = page_for(officer)
    desk.goto(f"/desk/k/{Consultation.objects.get().number}/")
    panel = desk.locator(".deliveries")
    expect(panel.get_by_role("heading")).to_have_text("Notifikasi terkirim")
    expect(panel).to_contain_text(stakeholder.email)
    expect(panel).to_contain_text("terkirim")
    expect(panel).to_contain_text("tertahan, menunggu administrator")
    expect(panel).to_contain_text("petugas kantor")  # one notice of the new question to them
    axe_check(desk)
    screenshot(desk, "workspace-notifications", full_page=True)


def test_an_officer_marks_a_new_question_read_for_themselves_alone(
    office_open, office, stakeholder_user, officer, second_officer, page_for, axe_check, screenshot
):
    consultation = services.submit_question(
        actor=stakeholder_user, office=office, subject="Revisi DIPA", question="Bagaimana?"
    )
    desk = page_for(officer)
    desk.goto(f"/desk/k/{consultation.number}/")
    strip = desk.locator("#alerts-strip")
    expect(strip).to_contain_text("Ada pertanyaan baru yang menunggu di kotak masuk.")
    screenshot(desk, "alerts-strip-new-question")
    strip.get_by_role("button", name="Tandai sudah dibaca").first.click()
    expect(strip).to_be_hidden()
    expect(desk.locator(".deliveries")).to_contain_text("dibaca 1 petugas")
    axe_check(desk)
    colleague = page_for(second_officer)
    colleague.goto("/desk/")
    expect(colleague.locator("#alerts-strip")).to_contain_text(consultation.number)
