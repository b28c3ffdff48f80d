"""The standard's online procedure from the stakeholder's side, in a real browser, at phone
width (390×844) and on a desktop: register → confirm the address → ask with a PDF → the
officer asks for a document → the stakeholder uploads it → the officer defers and reports
progress → the stakeholder sees it → the answer, citing a regulation → the stakeholder
confirms. The officer's side goes through the services (the desk has its own flows).
Screenshots: var/screenshots/portal-*-{phone,desktop}.png."""

import pytest
from playwright.sync_api import expect

from konsultasi.accounts.models import User
from konsultasi.browser_tests.portal_helpers import (
    PDF,
    SIZE_IDS,
    SIZES,
    mailed_link,
    open_context,
    size_name,
)
from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Status
from konsultasi.desk.workspace_actions import answer_with_citations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_a_stakeholder_walks_the_online_procedure(
    browser, live_server, office_open, office, officer, service_type, size, axe_check, screenshot
):
    name = size_name(size)
    context = open_context(browser, live_server, size)
    page = context.new_page()

    # The public home: the office's published standard.
    page.goto("/")
    expect(page.get_by_role("heading", name="Standar pelayanan")).to_be_visible()
    expect(page.get_by_text("Tidak dipungut biaya").first).to_be_visible()
    axe_check(page)
    screenshot(page, f"portal-home-{name}", full_page=True)

    # Register: the address first, then the link from the mail.
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Daftar").click()
    page.get_by_label("Alamat email").fill("siti.bendahara@example.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_role("heading", name="Periksa email Anda")).to_be_visible()
    page.goto(mailed_link("/daftar/"))
    expect(page.get_by_role("heading", name="Lengkapi pendaftaran Anda")).to_be_visible()
    page.get_by_label("Kata sandi", exact=True).fill("Bendahara-Riau-2026")
    page.get_by_label("Ulangi kata sandi").fill("Bendahara-Riau-2026")
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Jabatan").select_option("treasurer")
    page.get_by_label("Kode satker").fill("012345")
    page.get_by_label("Nama satker").fill("Satker Uji Coba Pekanbaru")
    page.get_by_label("Nomor telepon atau WhatsApp").fill("0812 3456 7890")
    page.get_by_label("hanya portal").check()
    axe_check(page)
    screenshot(page, f"portal-register-{name}", full_page=True)
    page.get_by_role("button", name="Buat akun saya").click()
    expect(page.get_by_role("heading", name="Akun Anda sudah siap")).to_be_visible()

    # Ask, with a PDF.
    page.get_by_role("link", name="Ajukan pertanyaan").last.click()
    page.get_by_label("Perihal").fill("SP2D gaji belum terbit")
    page.get_by_label("Pertanyaan Anda").fill(
        "SPM gaji bulan ini sudah kami ajukan kemarin, tetapi SP2D belum terbit. Mohon dicek."
    )
    page.get_by_label("Dokumen pendukung (opsional)").set_input_files(PDF)
    page.get_by_label("hanya portal").check()
    axe_check(page)
    screenshot(page, f"portal-ask-{name}", full_page=True)
    page.get_by_role("button", name="Kirim pertanyaan").click()
    expect(page.get_by_role("heading", name="Pertanyaan Anda sudah kami terima")).to_be_visible()
    c = Consultation.objects.get()
    expect(page.locator("#receipt-number")).to_have_text(c.number)
    expect(page.get_by_text("20 menit per satu jenis layanan")).to_be_visible()
    axe_check(page)
    screenshot(page, f"portal-receipt-{name}", full_page=True)
    assert c.attachments.get().original_name == "spm-00123.pdf"
    assert c.stakeholder.user == User.objects.get(username="siti.bendahara@example.id")

    # The officer takes it and asks for a document.
    c = services.claim(officer=officer, consultation=c)
    c = services.classify(actor=officer, consultation=c, service_type=service_type)
    c = services.request_documents(
        actor=officer, consultation=c, description="Mohon kirim salinan SPM yang ditolak."
    )

    # The stakeholder answers by upload.
    page.get_by_role("link", name="Lihat konsultasi Anda").click()
    expect(page.get_by_text("Menunggu konfirmasi/respons Anda").first).to_be_visible()
    expect(page.get_by_text("Mohon kirim salinan SPM yang ditolak.").first).to_be_visible()
    page.get_by_label("Dokumen", exact=True).set_input_files({**PDF, "name": "spm-ditolak.pdf"})
    axe_check(page)
    screenshot(page, f"portal-documents-requested-{name}", full_page=True)
    page.get_by_role("button", name="Kirim dokumen").click()
    expect(page.get_by_text("Dokumen terkirim.")).to_be_visible()
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS

    # Not answerable at once: deferred, with a progress update.
    c = services.defer_to_follow_up(actor=officer, consultation=c, reason="Perlu cek ke bank")
    office_open.shift(60 * 60)
    services.post_progress(
        actor=officer, consultation=c, body="Kami sedang mengonfirmasi ke bank mitra."
    )
    page.reload()
    expect(page.get_by_text("Kantor memerlukan waktu lebih")).to_be_visible()
    expect(page.get_by_text("Kami sedang mengonfirmasi ke bank mitra.")).to_be_visible()
    expect(page.locator(".portal-consultation__header .tag")).to_have_text("Sedang diproses")
    axe_check(page)
    screenshot(page, f"portal-progress-{name}", full_page=True)

    # The notification list has every change.
    page.goto("/pemberitahuan/")
    expect(page.get_by_text("Kami sedang mengonfirmasi ke bank mitra.")).to_be_visible()
    axe_check(page)
    screenshot(page, f"portal-notifications-{name}", full_page=True)

    # Resolved, citing a regulation; the stakeholder confirms.
    c.refresh_from_db()
    services.resolve(
        actor=officer,
        consultation=c,
        answer=answer_with_citations(
            "SP2D sudah terbit hari ini setelah rekening diperbaiki.",
            "PMK 62 Tahun 2023 pasal 12",
        ),
    )
    page.goto("/konsultasi/")
    expect(page.locator(".consultation-item .tag")).to_have_text("Selesai")
    axe_check(page)
    screenshot(page, f"portal-my-consultations-{name}", full_page=True)
    page.get_by_role("link", name="SP2D gaji belum terbit").click()
    expect(
        page.get_by_text("SP2D sudah terbit hari ini setelah rekening diperbaiki.")
    ).to_be_visible()
    expect(page.get_by_text("PMK 62 Tahun 2023 pasal 12")).to_be_visible()
    axe_check(page)
    screenshot(page, f"portal-answer-{name}", full_page=True)
    page.get_by_role("button", name="Ya, pertanyaan saya sudah terjawab").click()
    expect(page.get_by_text("Terima kasih: konsultasi ditutup.")).to_be_visible()
    c.refresh_from_db()
    assert c.status == Status.CLOSED
    context.close()
