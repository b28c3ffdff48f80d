"""The inbox by keyboard: j/k select a row, Enter opens it; Enter on a link or button the
officer has tabbed to stays that link's or button's."""

import re

import pytest
from playwright.sync_api import expect

from konsultasi.consultations import services

pytestmark = pytest.mark.browser


@pytest.fixture
def two_waiting(office, stakeholder_user):
    return [
        services.submit_question(
            actor=stakeholder_user, office=office, subject=subject, question="Kapan SP2D terbit?"
        )
        for subject in ("Retur SP2D belanja barang", "Kartu kredit pemerintah ditolak")
    ]


def test_j_selects_the_next_row_and_enter_opens_it(office_open, two_waiting, officer, page_for):
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    desk.keyboard.press("j")
    desk.keyboard.press("j")
    selected = desk.locator("tr.is-selected")
    expect(selected).to_have_count(1)
    number = selected.get_attribute("data-row")
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(rf"/desk/k/{number}/$"))


def test_enter_on_a_focused_link_follows_it_even_with_a_row_selected(
    office_open, two_waiting, officer, page_for
):
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    desk.keyboard.press("j")
    expect(desk.locator("tr.is-selected")).to_have_count(1)
    desk.get_by_role("link", name="Terlambat").focus()
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(r"/desk/kotak-masuk/\?view=breached$"))
