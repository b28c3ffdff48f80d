"""A refusal page in the site's look, readable and accessible. Screenshot:
var/screenshots/refusal-404.png."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_unknown_address_shows_the_sites_not_found_page(page, axe_check, screenshot):
    page.goto("/tidak-ada-di-sini/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    expect(page.get_by_role("link", name="Kembali ke awal")).to_have_attribute("href", "/")
    axe_check(page)
    screenshot(page, "refusal-404")
