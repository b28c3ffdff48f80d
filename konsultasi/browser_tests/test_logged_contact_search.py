"""Logging a contact: the stakeholder is found as the officer types, and a screen reader hears
how many were found (a status line that stays on the page), not the whole list each pause."""

import re

import pytest
from playwright.sync_api import expect

from konsultasi.conftest import make_stakeholder

pytestmark = pytest.mark.browser


def test_the_count_of_stakeholders_found_is_said_in_the_status_line(
    office_open, office, officer, page_for
):
    make_stakeholder(office, None, full_name="Siti Rahmawati", phone="081277778888")
    desk = page_for(officer)
    desk.goto("/desk/kontak/baru/")
    status = desk.locator("#stakeholder-count")
    desk.evaluate("document.getElementById('stakeholder-count').stayed = true")
    desk.get_by_role("searchbox").first.fill("Siti")
    expect(desk.get_by_role("radio", name=re.compile("Siti Rahmawati"))).to_be_visible()
    expect(status).to_have_text("1 stakeholder ditemukan.")
    assert desk.evaluate("document.getElementById('stakeholder-count').stayed") is True
    expect(desk.locator("#stakeholder-results [aria-live]")).to_have_count(0)
