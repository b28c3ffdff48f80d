"""Shared by the desk's browser tests: a claimed consultation opened in the workspace with its
answer form open."""

from playwright.sync_api import expect

from konsultasi.consultations import services


def answer_form_open(page_for, *, office, officer, stakeholder_user, subject, question):
    """A new question claimed by `officer`, its workspace open in a fresh page and the answer
    form opened in place; returns the page once the form has settled (its answer box focused:
    typing elsewhere starts after that)."""
    c = services.submit_question(
        actor=stakeholder_user, office=office, subject=subject, question=question
    )
    services.claim(officer=officer, consultation=c)
    desk = page_for(officer)
    desk.goto(f"/desk/k/{c.number}/")
    desk.get_by_role("link", name="Jawab dan selesaikan").click()
    expect(desk.get_by_role("textbox", name="Jawaban")).to_be_focused()
    return desk
