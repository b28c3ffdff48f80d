"""The officer's inbox stays open all day: a consultation submitted meanwhile appears in it,
with the sidebar's counts, by the page's own poll — no reload — and the poll takes neither the
focus of an officer working by keyboard nor a click in progress. The poll interval is shortened
through DESK_POLL_SECONDS so the test need not wait 15 seconds. Screenshot:
var/screenshots/inbox.png."""

import re

import pytest
from playwright.sync_api import expect

from konsultasi.consultations import services

pytestmark = pytest.mark.browser

POLL_SECONDS = 1


@pytest.fixture
def quick_poll(settings):
    settings.DESK_POLL_SECONDS = POLL_SECONDS


def ask(office, stakeholder_user, subject: str):
    return services.submit_question(
        actor=stakeholder_user,
        office=office,
        subject=subject,
        question="SPM sudah kami ajukan kemarin; kapan SP2D terbit?",
    )


def test_a_new_consultation_appears_in_the_open_inbox_without_a_reload(
    office_open, quick_poll, office, officer, stakeholder_user, page_for, axe_check, screenshot
):
    waiting = ask(office, stakeholder_user, "Retur SP2D belanja barang")
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    rows = desk.locator("#inbox-rows tbody tr")
    expect(rows).to_have_count(1)
    unclaimed = desk.get_by_role("link", name="Belum diambil")
    expect(unclaimed).to_contain_text("1")
    axe_check(desk)
    desk.evaluate("window.notReloaded = true")

    newcomer = ask(office, stakeholder_user, "Kartu kredit pemerintah ditolak")

    row = desk.locator(f'tr[data-row="{newcomer.number}"]')
    expect(row).to_be_visible(timeout=POLL_SECONDS * 5_000)
    expect(row).to_contain_text("Kartu kredit pemerintah ditolak")
    expect(row).to_contain_text("belum diambil")  # nobody has claimed it
    expect(rows).to_have_count(2)
    expect(desk.locator(f'tr[data-row="{waiting.number}"]')).to_be_visible()
    expect(unclaimed).to_contain_text("2")
    assert desk.evaluate("window.notReloaded") is True
    axe_check(desk)
    screenshot(desk, "inbox")


def test_a_consultation_claimed_elsewhere_leaves_the_open_unclaimed_view_by_itself(
    office_open,
    quick_poll,
    office,
    officer,
    second_officer,
    stakeholder_user,
    page_for,
    axe_check,
):
    taken = ask(office, stakeholder_user, "Retur SP2D belanja barang")
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    expect(desk.locator(f'tr[data-row="{taken.number}"]')).to_be_visible()
    desk.evaluate("window.notReloaded = true")

    services.claim(officer=second_officer, consultation=taken)

    expect(desk.locator(f'tr[data-row="{taken.number}"]')).to_have_count(
        0, timeout=POLL_SECONDS * 5_000
    )
    expect(desk.get_by_text("Tidak ada konsultasi di sini.")).to_be_visible()
    assert desk.evaluate("window.notReloaded") is True
    axe_check(desk)


def _count_refreshes(desk) -> None:
    """window.refreshes: the inbox's answers received; window.settled: those swapped in."""
    desk.evaluate(
        """() => {
            window.refreshes = 0; window.settled = 0;
            document.body.addEventListener("htmx:afterRequest", () => window.refreshes++);
            document.body.addEventListener("htmx:afterSettle", () => window.settled++);
        }"""
    )


def test_the_row_an_officer_has_tabbed_to_keeps_the_focus_through_a_refresh(
    office_open, quick_poll, office, officer, stakeholder_user, page_for
):
    ask(office, stakeholder_user, "Retur SP2D belanja barang")
    second = ask(office, stakeholder_user, "Kartu kredit pemerintah ditolak")
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    link = desk.locator(f'tr[data-row="{second.number}"] a[data-open]')
    link.focus()
    _count_refreshes(desk)
    ask(office, stakeholder_user, "SPM belum terbit")  # the rows move down by one
    desk.wait_for_function("window.settled >= 2", timeout=POLL_SECONDS * 5_000)
    expect(desk.locator("#inbox-rows tbody tr")).to_have_count(3)
    focused = desk.evaluate("document.activeElement.getAttribute('href')")
    assert focused == link.get_attribute("href")
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(rf"/desk/k/{second.number}/$"))


def test_a_saved_view_an_officer_has_tabbed_to_keeps_the_focus_through_a_refresh(
    office_open, quick_poll, office, officer, stakeholder_user, page_for
):
    ask(office, stakeholder_user, "Retur SP2D belanja barang")
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    desk.get_by_role("link", name="Terlambat").focus()
    _count_refreshes(desk)
    desk.wait_for_function("window.settled >= 2", timeout=POLL_SECONDS * 5_000)
    focused = desk.evaluate(
        "[document.activeElement.className, document.activeElement.textContent.trim()]"
    )
    assert focused[0] == "saved-views__link"
    assert focused[1].startswith("Terlambat")


def test_a_row_held_under_the_pointer_through_a_refresh_still_opens_when_let_go(
    office_open, quick_poll, office, officer, stakeholder_user, page_for
):
    waiting = ask(office, stakeholder_user, "Retur SP2D belanja barang")
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    desk.locator(f'tr[data-row="{waiting.number}"] a[data-open]').hover()
    _count_refreshes(desk)
    desk.mouse.down()
    desk.wait_for_function("window.refreshes >= 2", timeout=POLL_SECONDS * 5_000)
    desk.mouse.up()
    expect(desk).to_have_url(re.compile(rf"/desk/k/{waiting.number}/$"))


def test_when_the_focused_row_leaves_the_view_the_focus_stays_in_the_list(
    office_open, quick_poll, office, officer, second_officer, stakeholder_user, page_for
):
    taken = ask(office, stakeholder_user, "Retur SP2D belanja barang")
    ask(office, stakeholder_user, "Kartu kredit pemerintah ditolak")
    desk = page_for(officer)
    desk.goto("/desk/kotak-masuk/?view=unclaimed")
    desk.locator(f'tr[data-row="{taken.number}"] a[data-open]').focus()

    services.claim(officer=second_officer, consultation=taken)

    expect(desk.locator(f'tr[data-row="{taken.number}"]')).to_have_count(
        0, timeout=POLL_SECONDS * 5_000
    )
    assert desk.evaluate("document.activeElement.id") == "inbox-rows"
