"""A walk-in the officer cannot answer at once, in a real browser: deferred to follow-up (the
due date shown before confirming), progress posted on two working days, escalated to the
section head, answered on the section-head desk, resolved before the 3-working-day due date.
Time moves with time_machine; the live server runs in a thread of this process, so it moves
there too. Screenshots: var/screenshots/workspace-follow-up*.png, section-head-desk.png."""

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from konsultasi.conftest import TUESDAY_0900, WIB, make_stakeholder
from konsultasi.consultations import intake
from konsultasi.consultations.models import Consultation, Message, Status

pytestmark = pytest.mark.browser

WEDNESDAY_1000 = datetime(2026, 9, 2, 10, 0, tzinfo=WIB)
THURSDAY_1000 = datetime(2026, 9, 3, 10, 0, tzinfo=WIB)
THURSDAY_1400 = datetime(2026, 9, 3, 14, 0, tzinfo=WIB)
FRIDAY_CLOSE = datetime(2026, 9, 4, 16, 0, tzinfo=WIB)  # 3rd working day after Tuesday


@pytest.fixture
def walk_in(office_open, office, officer, service_type) -> Consultation:
    """Registered at the counter on Tuesday 09:00, classified under the disbursement section."""
    visitor = make_stakeholder(office, None, full_name="Budi Santoso", phone="081298765432")
    return intake.register_walk_in(
        officer=officer,
        office=office,
        stakeholder=visitor,
        subject="Retur SP2D gaji Agustus",
        question="Dana gaji Agustus diretur bank. Bagaimana cara mengajukan penerbitan ulang?",
        service_type=service_type,
    )


def open_action(page, label: str) -> None:
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.locator("#action-title")).to_have_text(label)


def test_a_deferred_walk_in_is_followed_up_escalated_answered_and_resolved_in_time(
    office_open, walk_in, officer, section_head, office_head, page_for, axe_check, screenshot
):
    number = walk_in.number
    desk = page_for(officer)
    desk.goto(f"/desk/k/{number}/")
    axe_check(desk)

    # Tuesday: not answerable at once. The form says when the answer is due before confirming.
    open_action(desk, "Tindak lanjuti (3 hari kerja)")
    expect(desk.locator(".consequence")).to_have_text(
        "Jatuh tempo tindak lanjut: Jumat, 4 September 2026 pukul 16.00 WIB"
    )
    desk.get_by_label("Alasan jawaban memerlukan waktu lebih").fill(
        "Perlu konfirmasi ke bank mitra tentang penyebab retur."
    )
    axe_check(desk)
    screenshot(desk, "workspace-defer-form", full_page=True)
    desk.get_by_role("button", name="Tindak lanjuti (3 hari kerja)").click()
    expect(desk.locator("#workspace .tag").first).to_have_text(re.compile("^Tindak lanjut"))
    walk_in.refresh_from_db()
    assert walk_in.status == Status.FOLLOW_UP
    assert walk_in.follow_up_due_at == FRIDAY_CLOSE

    # Wednesday and Thursday: one progress update a working day.
    for day, text in (
        (WEDNESDAY_1000, "Bank mitra sedang menelusuri rekening penerima."),
        (THURSDAY_1000, "Bank mitra mengonfirmasi rekening sudah aktif kembali."),
    ):
        office_open.move_to(day, tick=True)
        desk.goto(f"/desk/k/{number}/")
        open_action(desk, "Kirim progres")
        desk.get_by_label("Progres untuk stakeholder").fill(text)
        desk.get_by_role("button", name="Kirim progres").click()
        expect(desk.get_by_text("Progres terkirim.")).to_be_visible()
        expect(desk.get_by_text(text)).to_be_visible()
    progress = Message.objects.filter(consultation=walk_in, kind=Message.Kind.PROGRESS)
    assert [m.created_at.astimezone(WIB).date().day for m in progress.order_by("pk")] == [2, 3]
    axe_check(desk)
    screenshot(desk, "workspace-follow-up", full_page=True)

    # Thursday: the section head must confirm the procedure.
    open_action(desk, "Eskalasi ke Kepala Seksi")
    desk.get_by_label("Apa yang perlu dikonfirmasi Kepala Seksi?").fill(
        "Apakah penerbitan ulang cukup dengan surat permohonan satker?"
    )
    desk.get_by_role("button", name="Eskalasi", exact=True).click()
    expect(desk.locator("#workspace .tag").first).to_have_text("Dieskalasi")

    # The section head answers on their desk, in another browser.
    office_open.move_to(THURSDAY_1400, tick=True)
    head = page_for(section_head)
    head.goto("/desk/seksi/")
    card = head.locator(f"#escalation-{number}")
    expect(card).to_contain_text("Apakah penerbitan ulang cukup")
    axe_check(head)
    screenshot(head, "section-head-desk", full_page=True)
    card.get_by_label("Jawaban untuk petugas layanan").fill(
        "Cukup surat permohonan satker dan rekening koran; terbitkan ulang hari ini."
    )
    card.get_by_role("button", name="Kirim jawaban ke petugas layanan").click()
    answered = f"Jawaban terkirim. {number} kembali ke petugas layanannya."
    expect(head.get_by_text(answered)).to_be_visible()
    expect(head.locator(f"#escalation-{number}")).to_have_count(0)

    # The officer sees the guidance and resolves, well before Friday's close.
    desk.goto(f"/desk/k/{number}/")
    guidance = "Cukup surat permohonan satker dan rekening koran; terbitkan ulang hari ini."
    expect(desk.locator(".entry__body", has_text=guidance)).to_be_visible()
    expect(desk.locator(".alerts-strip__text", has_text=guidance)).to_have_count(1)
    expect(desk.locator("#workspace .tag").first).to_have_text(re.compile("^Tindak lanjut"))
    walk_in.refresh_from_db()
    follow_up_due = walk_in.follow_up_due_at  # still running while the answer is prepared
    open_action(desk, "Jawab dan selesaikan")
    desk.get_by_label("Jawaban", exact=True).fill(
        "Silakan ajukan surat permohonan penerbitan ulang dengan rekening koran; "
        "SP2D diterbitkan ulang hari ini."
    )
    desk.get_by_label("Dasar hukum yang dirujuk").fill("PER-2/PB/2023")
    desk.get_by_role("button", name="Kirim jawaban").click()
    expect(desk.locator("#workspace .tag").first).to_have_text("Resolved")
    axe_check(desk)
    screenshot(desk, "workspace-follow-up-resolved", full_page=True)

    # The office head's overview counts it resolved today, and links to it.
    boss = page_for(office_head)
    boss.goto("/desk/ikhtisar/")
    resolved_today = boss.get_by_role("row", name="Resolved").get_by_role("link").first
    expect(resolved_today).to_have_text("1")
    axe_check(boss)
    screenshot(boss, "office-overview", full_page=True)
    resolved_today.click()
    expect(boss.locator(f'tr[data-row="{number}"]')).to_be_visible()

    walk_in.refresh_from_db()
    escalation = walk_in.escalations.get()
    assert walk_in.status == Status.RESOLVED
    assert (escalation.requested_by, escalation.answered_by) == (officer, section_head)
    # Stored times: deferred on Tuesday, escalated and answered on Thursday, resolved on
    # Thursday afternoon — before Friday 16:00, the close of the 3rd working day.
    assert walk_in.deferred_at.astimezone(WIB).date() == TUESDAY_0900.date()
    assert THURSDAY_1000 < escalation.requested_at < escalation.answered_at < walk_in.resolved_at
    assert walk_in.resolved_at.astimezone(WIB).date() == THURSDAY_1400.date()
    assert walk_in.resolved_at < follow_up_due == FRIDAY_CLOSE
    assert walk_in.follow_up_due_at is None  # the clock stopped with the answer
