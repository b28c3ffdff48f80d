"""The walk-in procedure in a real browser: a visitor takes a number at the kiosk, the officer
calls it at the counter and registers the visitor, and the waiting-room display follows by
itself. Screenshots: var/screenshots/walk-in-*.png."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from konsultasi.accounts.models import WorkUnit
from konsultasi.conftest import make_stakeholder
from konsultasi.consultations.models import Consultation, Status
from konsultasi.walkins import services
from konsultasi.walkins.models import Counter, Ticket

pytestmark = pytest.mark.browser


@pytest.fixture
def counters(office):
    return [Counter.objects.create(office=office, name=f"Loket {n}", sort_order=n) for n in (1, 2)]


@pytest.fixture
def siti(office):
    unit = WorkUnit.objects.create(code="001234", name="Satker Nol Pekanbaru")
    return make_stakeholder(
        office,
        None,
        full_name="Siti Rahmawati",
        work_unit=unit,
        phone="081234567890",
        email="siti@example.invalid",
    )


def sit_at_counter(page, name: str) -> None:
    page.goto("/desk/antrian/loket/")
    page.get_by_role("combobox", name="Loket saya").select_option(label=name)
    page.get_by_role("button", name="Gunakan loket ini").click()
    expect(page.get_by_text(f"Anda bertugas di {name}.")).to_be_visible()


def test_kiosk_then_counter_call_then_registration_starts_the_20_minute_clock(
    office_open, office, officer, counters, siti, page, page_for, axe_check, screenshot
):
    # The visitor, at the kiosk: no sign-in, one touch.
    page.goto(f"/desk/antrian/{office.slug}/kiosk/")
    axe_check(page)
    screenshot(page, "walk-in-kiosk")
    page.get_by_role("button", name="Pencairan dana / SP2D").click()
    expect(page.locator(".kiosk-ticket__number")).to_have_text("001")
    expect(page.get_by_text("0 orang menunggu sebelum Anda.")).to_be_visible()
    axe_check(page)
    screenshot(page, "walk-in-kiosk-number")

    # The officer, at the counter: pick the counter, call the next number.
    desk = page_for(officer)
    sit_at_counter(desk, "Loket 1")
    expect(desk.get_by_role("heading", name="1 pengunjung menunggu")).to_be_visible()
    axe_check(desk)
    screenshot(desk, "walk-in-counter")
    desk.get_by_role("button", name="Panggil nomor berikutnya").click()

    # Registration opens on the number just called; the stakeholder is found as one types.
    expect(desk).to_have_url(re.compile(r"/desk/antrian/nomor/\d+/daftar/$"))
    expect(desk.locator(".register-header__number")).to_have_text("001")
    desk.get_by_label("Cari berdasarkan kode satker, nama, telepon, NIP, atau e-mail").fill("0012")
    desk.get_by_label("Cari berdasarkan kode satker, nama, telepon, NIP, atau e-mail").fill(
        "001234"
    )
    choice = desk.get_by_role("radio", name=re.compile("Siti Rahmawati"))
    expect(choice).to_be_visible()
    choice.check()
    expect(desk.locator(".new-stakeholder")).to_be_hidden()
    desk.get_by_label("Perihal").fill("SP2D belum terbit")
    desk.get_by_label("Pertanyaan").fill("SPM sudah diajukan kemarin, kapan SP2D terbit?")
    expect(desk.get_by_label("Jenis layanan")).to_have_value(
        str(Ticket.objects.get().service_type_id)
    )
    axe_check(desk)
    screenshot(desk, "walk-in-registration", full_page=True)
    desk.get_by_role("button", name="Daftarkan dan mulai layanan (20 menit)").click()

    # The officer lands in the consultation's workspace with the 20-minute clock running.
    consultation = Consultation.objects.get()
    expect(desk).to_have_url(re.compile(rf"/desk/k/{consultation.number}/$"))
    expect(desk.get_by_text(f"Konsultasi {consultation.number} terdaftar")).to_be_visible()
    expect(desk.locator(".clock-list")).to_contain_text(re.compile(r"sisa \d+ mnt"))
    assert (consultation.status, consultation.assignee, consultation.stakeholder) == (
        Status.IN_PROGRESS,
        officer,
        siti,
    )
    assert consultation.service_due_at - consultation.service_started_at == timedelta(minutes=20)
    assert Ticket.objects.get().consultation == consultation
    axe_check(desk)
    screenshot(desk, "workspace-walk-in", full_page=True)

    # The answer is at hand: resolved in the same sitting, citing the regulation.
    desk.get_by_role("link", name="Jawab dan selesaikan").click()
    desk.get_by_label("Jawaban", exact=True).fill(
        "SP2D terbit paling lambat 1 hari kerja setelah SPM diterima lengkap."
    )
    desk.get_by_label("Dasar hukum yang dirujuk").fill("PMK 210/PMK.05/2022")
    screenshot(desk, "workspace-resolve-form", full_page=True)
    desk.get_by_role("button", name="Kirim jawaban").click()
    expect(desk.get_by_text("PMK 210/PMK.05/2022").first).to_be_visible()
    consultation.refresh_from_db()
    assert consultation.status == Status.RESOLVED
    assert "PMK 210/PMK.05/2022" in consultation.resolution
    assert 0 <= consultation.service_office_seconds < 20 * 60  # within the service target
    screenshot(desk, "workspace-resolved", full_page=True)


def test_the_display_follows_a_call_made_in_another_browser_by_itself(
    office_open, office, officer, counters, page, page_for, axe_check, screenshot
):
    services.take_ticket(office=office)
    services.take_ticket(office=office)
    desk = page_for(officer)
    sit_at_counter(desk, "Loket 2")

    page.goto(f"/desk/antrian/{office.slug}/layar/")
    expect(page.get_by_text("Silakan ambil nomor antrean di kiosk.")).to_be_visible()
    expect(page.get_by_text("2 orang menunggu")).to_be_visible()
    axe_check(page)
    page.evaluate("window.notReloaded = true")

    desk.get_by_role("button", name="Panggil nomor berikutnya").click()
    expect(desk.locator(".register-header__number")).to_have_text("001")

    expect(page.locator(".display-now__number")).to_have_text("001")
    expect(page.locator(".display-now__counter")).to_contain_text("Loket 2")
    expect(page.locator("#queue-announcement")).to_have_text(
        "Nomor antrean 001, silakan menuju Loket 2."
    )
    expect(page.get_by_text("1 orang menunggu")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    axe_check(page)
    screenshot(page, "walk-in-display")


def test_enter_in_the_stakeholder_search_finds_without_losing_the_question_typed(
    office_open, office, officer, counters, siti, page_for
):
    services.take_ticket(office=office)
    ticket = services.call_next(officer=officer, office=office, counter=counters[0])
    desk = page_for(officer)
    desk.goto(f"/desk/antrian/nomor/{ticket.pk}/daftar/")
    desk.get_by_label("Perihal").fill("SP2D belum terbit")
    search = desk.get_by_label("Cari berdasarkan kode satker, nama, telepon, NIP, atau e-mail")
    search.fill("Siti")
    search.press("Enter")
    expect(desk.get_by_role("radio", name=re.compile("Siti Rahmawati"))).to_be_visible()
    desk.wait_for_timeout(500)  # a page reload, had Enter sent the form, would be done by now
    expect(desk.get_by_label("Perihal")).to_have_value("SP2D belum terbit")
