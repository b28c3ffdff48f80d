"""Two officers, two browsers, one new consultation: both press "Ambil"; exactly one gets it,
the other is told who has it. Screenshot: var/screenshots/workspace-claim-refused.png."""

import pytest
from playwright.sync_api import expect

from konsultasi.consultations import services
from konsultasi.consultations.models import Status

pytestmark = pytest.mark.browser


def test_of_two_officers_claiming_one_gets_it_and_the_other_is_told_who_has_it(
    office_open, office, officer, second_officer, stakeholder_user, page_for, axe_check, screenshot
):
    c = services.submit_question(
        actor=stakeholder_user,
        office=office,
        subject="Kartu kredit pemerintah",
        question="Bagaimana mengajukan penambahan limit kartu kredit pemerintah?",
    )
    first, second = page_for(officer), page_for(second_officer)
    for desk in (first, second):
        desk.goto(f"/desk/k/{c.number}/")
        expect(desk.get_by_text("belum diambil petugas")).to_be_visible()
    axe_check(second)

    # Both pages show the claim button; the first officer presses it first.
    first.get_by_role("button", name="Ambil", exact=True).click()
    expect(first.get_by_text("Anda sekarang menangani konsultasi ini.")).to_be_visible()
    expect(first.get_by_text("ditangani officer")).to_be_visible()

    # The second, on a page that still offers the claim, is refused with the holder's name.
    second.get_by_role("button", name="Ambil", exact=True).click()
    refusal = second.locator(".error-summary")
    expect(refusal).to_contain_text("Konsultasi ini sudah ditangani oleh officer.")
    expect(second.get_by_role("link", name="Muat ulang konsultasi")).to_be_visible()
    expect(second.locator("#action-panel").get_by_role("button")).to_have_count(0)
    axe_check(second)
    screenshot(second, "workspace-claim-refused")

    c.refresh_from_db()
    assert (c.status, c.assignee) == (Status.IN_PROGRESS, officer)

    # Reloading shows the second officer who has it, and no claim button any more.
    second.get_by_role("link", name="Muat ulang konsultasi").click()
    expect(second.get_by_text("ditangani officer")).to_be_visible()
    expect(second.get_by_role("button", name="Ambil", exact=True)).to_have_count(0)
