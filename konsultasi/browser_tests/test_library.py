"""The library in a real browser: an officer searches as they type, reads an entry, and from
the workspace cites a suggested entry and puts an earlier answer into the answer form; a
stakeholder searches the public library on a phone. Screenshots: var/screenshots/library-*.png."""

import re

import pytest
from playwright.sync_api import expect

from konsultasi.browser_tests.desk_helpers import answer_form_open
from konsultasi.consultations import services
from konsultasi.knowledge.models import Citation
from konsultasi.knowledge.tests import conftest as knowledge

pytestmark = pytest.mark.browser
library = knowledge.library  # the library fixture (tests/data)
PHONE = {"width": 390, "height": 844}


def test_an_officer_finds_an_entry_as_they_type(
    office_open, library, officer, page_for, axe_check, screenshot
):
    desk = page_for(officer)
    desk.goto("/desk/pustaka/")
    axe_check(desk)
    desk.get_by_role("searchbox", name="Cari di pustaka").fill("gmn cara ngajuin spm yg blm terbit")
    first = desk.locator(".library-hit").first
    expect(first).to_contain_text("210/PMK.05/2022")
    expect(first.locator("mark").first).to_be_visible()
    axe_check(desk)
    screenshot(desk, "library-desk-search")
    first.get_by_role("link").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(
        "Tata Cara Pembayaran dalam rangka Pelaksanaan APBN"
    )
    axe_check(desk)
    screenshot(desk, "library-desk-entry", full_page=True)


def test_a_result_held_under_the_pointer_still_opens_when_let_go(
    office_open, library, officer, page_for
):
    """Leaving the search box for a result must not search again: the answer replaced the
    results between the press and the release of the button, and the click was lost."""
    desk = page_for(officer)
    desk.goto("/desk/pustaka/")
    desk.get_by_role("searchbox", name="Cari di pustaka").fill("spm blm terbit")
    link = desk.locator(".library-hit").first.get_by_role("link")
    expect(link).to_contain_text("210/PMK.05/2022")
    link.hover()
    desk.mouse.down()
    desk.wait_for_timeout(1000)  # a hand's press, long enough for a search to come back
    desk.mouse.up()
    expect(desk.get_by_role("heading", level=1)).to_have_text(
        "Tata Cara Pembayaran dalam rangka Pelaksanaan APBN"
    )


def test_choosing_a_kind_narrows_the_results_at_once(office_open, library, officer, page_for):
    desk = page_for(officer)
    desk.goto("/desk/pustaka/")
    desk.get_by_role("searchbox", name="Cari di pustaka").fill("retur")
    hits = desk.locator(".library-hit")
    expect(hits.filter(has_text="PER-9/PB/2018")).to_be_visible()
    expect(hits).not_to_have_count(1)
    searches = []
    desk.on("request", lambda r: searches.append(r.url) if r.headers.get("hx-request") else None)
    desk.get_by_label("Jenis", exact=True).select_option("dg_regulation")
    expect(hits).to_have_count(1)
    expect(hits).to_contain_text("PER-9/PB/2018")
    expect(desk).to_have_url(re.compile(r"kind=dg_regulation"))
    desk.wait_for_timeout(600)  # past the typing delay: a second search would have gone
    assert len(searches) == 1


def test_back_leaves_the_library_however_many_searches_were_typed(
    office_open, library, officer, page_for
):
    desk = page_for(officer)
    desk.goto("/desk/")
    desk.goto("/desk/pustaka/")
    box = desk.get_by_role("searchbox", name="Cari di pustaka")
    hits = desk.locator(".library-hit")
    box.fill("retur")
    expect(hits.filter(has_text="PER-9/PB/2018")).to_be_visible()
    box.fill("kartu kredit")
    expect(hits.filter(has_text="97/PMK.05/2021")).to_be_visible()
    expect(desk).to_have_url(re.compile(r"/desk/pustaka/\?q=kartu"))
    desk.go_back()
    expect(desk).not_to_have_url(re.compile(r"/desk/pustaka/"))


def test_back_from_an_entry_returns_to_its_search_and_results(
    office_open, library, officer, page_for
):
    desk = page_for(officer)
    desk.goto("/desk/pustaka/")
    desk.get_by_role("searchbox", name="Cari di pustaka").fill("kartu kredit")
    hit = desk.locator(".library-hit").filter(has_text="97/PMK.05/2021")
    hit.get_by_role("link").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Kartu Kredit")
    desk.go_back()
    expect(desk.get_by_role("searchbox", name="Cari di pustaka")).to_have_value("kartu kredit")
    expect(hit).to_be_visible()


def test_the_workspace_suggests_cites_and_reuses_an_answer(
    office_open, library, office, officer, stakeholder_user, page_for, axe_check, screenshot
):
    earlier = services.submit_question(
        actor=stakeholder_user,
        office=office,
        subject="Retur gaji",
        question="Gaji kami diretur bank",
    )
    services.claim(officer=officer, consultation=earlier)
    services.resolve(
        actor=officer,
        consultation=earlier,
        answer="Perbaiki data rekening lalu ajukan SP2D pengganti.",
    )
    c = services.submit_question(
        actor=stakeholder_user,
        office=office,
        subject="Dana diretur",
        question="SP2D kami retur, gmn?",
    )
    services.claim(officer=officer, consultation=c)

    desk = page_for(officer)
    desk.goto(f"/desk/k/{c.number}/")
    card = desk.locator("#answer-suggestions")
    expect(card).to_contain_text("PER-9/PB/2018")
    axe_check(desk)
    screenshot(desk, "library-workspace-suggestions", full_page=True)

    card.get_by_role("button", name=re.compile(r"^Rujuk dalam jawaban\s+PER-9.PB.2018")).click()
    expect(card.get_by_text("Entri dirujuk dalam jawaban.")).to_be_visible()
    assert Citation.objects.filter(consultation=c, entry__slug="test-per-retur").exists()
    expect(card.locator(".citations--linked a")).to_have_attribute(
        "href", "/desk/pustaka/test-per-retur/"
    )

    card.get_by_role(
        "link", name=re.compile(rf"^Gunakan jawaban ini\s+\({earlier.number}\)")
    ).click()
    answer = desk.get_by_role("textbox", name="Jawaban")
    expect(answer).to_have_value("Perbaiki data rekening lalu ajukan SP2D pengganti.")
    axe_check(desk)
    screenshot(desk, "library-workspace-answer-filled", full_page=True)


def test_citing_beside_an_open_answer_form_adds_to_and_removes_from_its_legal_basis(
    office_open, library, office, officer, stakeholder_user, page_for
):
    desk = answer_form_open(
        page_for,
        office=office,
        officer=officer,
        stakeholder_user=stakeholder_user,
        subject="Dana diretur",
        question="SP2D kami retur",
    )
    basis = desk.get_by_role("textbox", name="Dasar hukum yang dirujuk")
    expect(basis).to_have_value("")
    basis.fill("PMK 62 Tahun 2023 pasal 12")
    card = desk.locator("#answer-suggestions")
    card.get_by_role("button", name=re.compile(r"^Rujuk dalam jawaban\s+PER-9.PB.2018")).click()
    reference = "PER-9/PB/2018 Tata Cara Penyelesaian Retur SP2D"
    expect(basis).to_have_value(f"PMK 62 Tahun 2023 pasal 12\n{reference}")
    card.get_by_role("button", name=re.compile(r"^Hapus\s+PER-9.PB.2018")).click()
    expect(basis).to_have_value("PMK 62 Tahun 2023 pasal 12")


def test_a_stakeholder_searches_the_public_library_on_a_phone(
    library, stakeholder_user, page_for, axe_check, screenshot
):
    phone = page_for(stakeholder_user)
    phone.set_viewport_size(PHONE)
    phone.goto("/pustaka/")
    phone.get_by_role("searchbox", name="Cari di pustaka").fill("retur")
    expect(phone.locator(".library-hit").first).to_contain_text("Retur")
    expect(phone.locator(".library-results")).not_to_contain_text("internal")
    axe_check(phone)
    screenshot(phone, "library-portal-phone", full_page=True)
