"""An answer being typed in the workspace's open form is not thrown away by another action done
in place without the officer agreeing to it; an untouched form is simply replaced."""

import pytest
from playwright.sync_api import expect

from konsultasi.browser_tests import desk_helpers

pytestmark = pytest.mark.browser

TYPED = "SP2D terbit paling lambat 1 hari kerja setelah SPM diterima lengkap."


@pytest.fixture
def answer_form_open(office, officer, stakeholder_user, page_for):
    desk = desk_helpers.answer_form_open(
        page_for,
        office=office,
        officer=officer,
        stakeholder_user=stakeholder_user,
        subject="SP2D belum terbit",
        question="Kapan?",
    )
    asked: list[str] = []
    desk.on("dialog", lambda dialog: asked.append(dialog.message))
    return desk, asked


def test_another_action_asks_first_and_keeps_the_typed_answer_when_told_no(
    office_open, answer_form_open
):
    desk, asked = answer_form_open
    desk.get_by_role("textbox", name="Jawaban").fill(TYPED)
    desk.once("dialog", lambda dialog: dialog.dismiss())
    desk.get_by_role("link", name="Catatan internal").click()
    expect(desk.get_by_role("textbox", name="Jawaban")).to_have_value(TYPED)
    assert asked == ["Buang yang sudah Anda ketik di formulir yang terbuka?"]


def test_another_action_replaces_the_typed_answer_when_told_yes(office_open, answer_form_open):
    desk, asked = answer_form_open
    desk.get_by_role("textbox", name="Jawaban").fill(TYPED)
    desk.once("dialog", lambda dialog: dialog.accept())
    desk.get_by_role("link", name="Catatan internal").click()
    expect(desk.get_by_role("textbox", name="Jawaban")).to_have_count(0)
    expect(desk.get_by_role("textbox", name="Catatan internal")).to_be_visible()
    assert len(asked) == 1


def test_an_untouched_form_is_replaced_without_asking(office_open, answer_form_open):
    desk, asked = answer_form_open
    desk.get_by_role("link", name="Catatan internal").click()
    expect(desk.get_by_role("textbox", name="Catatan internal")).to_be_visible()
    assert asked == []


def test_a_form_sent_back_with_its_errors_asks_before_being_replaced(office_open, answer_form_open):
    desk, asked = answer_form_open
    desk.get_by_role("button", name="Kirim jawaban").click()  # nothing written: refused
    expect(desk.locator("#action-panel .error-summary")).to_be_visible()
    desk.once("dialog", lambda dialog: dialog.dismiss())
    desk.get_by_role("link", name="Catatan internal").click()
    expect(desk.locator("#action-panel .error-summary")).to_be_visible()
    assert len(asked) == 1
