"""A visitor without an account, in a real browser at phone width and on a desktop: confirms
their address by the mailed link, asks, keeps the access code from the receipt, then — in a
fresh browser — follows the consultation with the number and the code, reads the officer's
reply and answers; the mailed link opens it once, and a second time it is refused with a
clear message. Screenshots: var/screenshots/portal-guest-*-{phone,desktop}.png."""

import pytest
from playwright.sync_api import expect

from konsultasi.browser_tests.portal_helpers import (
    PDF,
    SIZE_IDS,
    SIZES,
    mailed_link,
    open_context,
    size_name,
)
from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Message

pytestmark = pytest.mark.browser


def fits(page, size) -> None:
    """Nothing sticks out sideways: no horizontal scrolling on the phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_a_guest_asks_and_follows_the_consultation(
    browser, live_server, office_open, office, officer, size, axe_check, screenshot
):
    name = size_name(size)
    visitor = open_context(browser, live_server, size).new_page()

    visitor.goto("/tanya/")
    visitor.get_by_role("link", name="Bertanya tanpa akun").click()
    visitor.get_by_label("Alamat email").fill("budi.tamu@example.id")
    axe_check(visitor)
    visitor.get_by_role("button", name="Kirim tautan").click()
    expect(visitor.get_by_role("heading", name="Periksa email Anda")).to_be_visible()

    visitor.goto(mailed_link("/tamu/"))
    visitor.get_by_role("button", name="Konfirmasi dan lanjutkan").click()
    expect(visitor.get_by_text("Anda bertanya sebagai tamu")).to_be_visible()
    visitor.get_by_label("Nama Anda").fill("Budi Santoso")
    visitor.get_by_label("Perihal").fill("Retur SP2D honor narasumber")
    visitor.get_by_label("Pertanyaan Anda").fill(
        "Honor narasumber kami diretur bank. Bagaimana cara mengajukan penerbitan ulang?"
    )
    visitor.get_by_label("Dokumen pendukung (opsional)").set_input_files(PDF)
    fits(visitor, size)
    axe_check(visitor)
    screenshot(visitor, f"portal-guest-ask-{name}", full_page=True)
    visitor.get_by_role("button", name="Kirim pertanyaan").click()

    c = Consultation.objects.get()
    expect(visitor.locator("#receipt-number")).to_have_text(c.number)
    code = visitor.locator("#access-code").inner_text()
    assert len(code) == 10
    fits(visitor, size)
    axe_check(visitor)
    screenshot(visitor, f"portal-guest-receipt-{name}", full_page=True)
    visitor.reload()
    expect(visitor.locator("#access-code")).to_have_count(0)

    # The officer replies.
    c = services.claim(officer=officer, consultation=c)
    services.reply(actor=officer, consultation=c, body="Mohon kirim surat permohonan retur.")

    # A fresh browser: the number and the access code.
    later = open_context(browser, live_server, size).new_page()
    later.goto("/lacak/")
    by_code = later.locator("form.portal-form")
    by_code.get_by_label("Nomor konsultasi").fill(c.number)
    by_code.get_by_label("Kode akses").fill(code.lower())
    axe_check(later)
    screenshot(later, f"portal-guest-track-{name}", full_page=True)
    later.get_by_role("button", name="Buka konsultasi", exact=True).click()
    expect(later.get_by_role("heading", name="Retur SP2D honor narasumber")).to_be_visible()
    expect(later.get_by_text("Mohon kirim surat permohonan retur.")).to_be_visible()
    later.get_by_label("Pesan Anda").fill("Baik, surat kami kirim besok pagi.")
    later.get_by_role("button", name="Kirim", exact=True).click()
    expect(later.get_by_text("Pesan terkirim.")).to_be_visible()
    assert Message.objects.filter(
        consultation=c, body="Baik, surat kami kirim besok pagi."
    ).exists()
    fits(later, size)
    axe_check(later)
    screenshot(later, f"portal-guest-consultation-{name}", full_page=True)

    # The mailed link: once, then refused with a clear message.
    link = mailed_link("/lacak/tautan/")
    by_link = open_context(browser, live_server, size).new_page()
    by_link.goto(link)
    by_link.get_by_role("button", name="Buka konsultasi saya").click()
    expect(by_link.get_by_role("heading", name="Retur SP2D honor narasumber")).to_be_visible()
    again = open_context(browser, live_server, size).new_page()
    again.goto(link)
    again.get_by_role("button", name="Buka konsultasi saya").click()
    expect(again.get_by_text("Tautan ini sudah digunakan.")).to_be_visible()
    axe_check(again)
    screenshot(again, f"portal-guest-link-used-{name}", full_page=True)

    # Number and e-mail alone open nothing.
    again.goto(f"/lacak/{c.number}/")
    expect(again.get_by_role("heading", name="Retur SP2D honor narasumber")).to_have_count(0)
