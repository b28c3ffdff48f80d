"""Alerts on every desk page: the notifications addressed to the signed-in person, marked
read by them alone."""

from datetime import timedelta

import pytest
from django.urls import reverse

from konsultasi.consultations import services
from konsultasi.consultations.sweep import sweep_clocks
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.notifications.models import OutboxMessage

INBOX = reverse("desk:inbox")


def unread_for(user):
    return OutboxMessage.objects.filter(
        recipient=user, channel=OutboxMessage.Channel.IN_APP, read_at__isnull=True
    )


@pytest.fixture
def officer_client(client, officer):
    return signed_in(client, officer)


def test_a_new_consultation_is_announced_to_the_officers(officer_client, online_consultation):
    response = officer_client.get(INBOX)
    page = response.content.decode()
    assert "Ada pertanyaan baru yang menunggu di kotak masuk." in page
    assert [line.number for line in response.context["alerts"].lines] == [
        online_consultation.number
    ]


def test_a_breached_clock_is_shown_to_the_officer_and_the_section_head(
    client, officer, section_head, in_state, office_hours
):
    c = in_state("in_progress")
    office_hours.shift(timedelta(minutes=30))
    sweep_clocks(now=c.service_started_at + timedelta(minutes=30))
    for user in (officer, section_head):
        alerts = signed_in(client, user).get(INBOX).context["alerts"]
        assert any(line.is_breach and line.number == c.number for line in alerts.lines)


def test_alerts_are_shown_only_to_the_person_they_are_for(client, office_head, online_consultation):
    # The office head is not an officer: new questions are not announced to them.
    alerts = signed_in(client, office_head).get(INBOX).context["alerts"]
    assert alerts.lines == []
    assert 'id="alerts-strip"' in signed_in(client, office_head).get(INBOX).content.decode()


def test_marking_an_alert_read_removes_it_from_the_strip(
    officer_client, officer, online_consultation
):
    row = unread_for(officer).get()
    response = officer_client.post(
        reverse("desk:alert_read", kwargs={"pk": row.pk}), {"next": INBOX}
    )
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert not unread_for(officer).exists()
    assert officer_client.get(INBOX).context["alerts"].lines == []


def test_nobody_can_mark_another_persons_alert(
    client, officer, second_officer, online_consultation
):
    theirs = unread_for(officer).get()
    signed_in(client, second_officer).post(reverse("desk:alert_read", kwargs={"pk": theirs.pk}))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(
    client, officer, second_officer, office, stakeholder_user, office_hours
):
    for _ in range(3):
        services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    signed_in(client, officer).post(reverse("desk:alerts_read"))
    assert not unread_for(officer).exists()
    assert unread_for(second_officer).count() == 3


def test_many_alerts_show_the_newest_and_how_many_more(
    officer_client, office, stakeholder_user, office_hours
):
    for _ in range(7):
        services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    alerts = officer_client.get(INBOX).context["alerts"]
    assert len(alerts.lines) == 3
    assert alerts.more == 4


def test_marking_read_sends_back_only_to_this_site(officer_client, officer, online_consultation):
    row = unread_for(officer).get()
    response = officer_client.post(
        reverse("desk:alert_read", kwargs={"pk": row.pk}), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("desk:home")


def test_marking_read_needs_a_post(officer_client, officer, online_consultation):
    row = unread_for(officer).get()
    assert officer_client.get(reverse("desk:alert_read", kwargs={"pk": row.pk})).status_code == 405


def test_one_line_per_consultation_and_marking_it_read_clears_them_all(
    officer_client, officer, in_state, office_hours
):
    c = in_state("in_progress")
    office_hours.shift(timedelta(minutes=30))
    sweep_clocks(now=c.service_started_at + timedelta(minutes=30))  # approaching and breached
    assert unread_for(officer).filter(consultation=c).count() >= 2
    lines = officer_client.get(INBOX).context["alerts"].lines
    assert [line.number for line in lines].count(c.number) == 1
    line = next(line for line in lines if line.number == c.number)
    officer_client.post(reverse("desk:alert_read", kwargs={"pk": line.pk}))
    assert not unread_for(officer).filter(consultation=c).exists()


def test_an_officers_alerts_are_not_shown_to_a_colleague_with_the_same_roles(
    client, officer, second_officer, online_consultation
):
    # The strip's query is kept per process (kept_queries.py): a colleague of the same office
    # and role, signed in after the officer, reads their own notifications, never the first's.
    unread_for(second_officer).update(read_at=online_consultation.received_at)
    first = signed_in(client, officer).get(INBOX).context["alerts"]
    assert [line.number for line in first.lines] == [online_consultation.number]
    second = signed_in(client, second_officer).get(INBOX).context["alerts"]
    assert second.lines == []
    assert second.more == 0


def test_after_a_claim_in_place_marking_read_returns_to_the_workspace(
    officer_client, officer, online_consultation
):
    workspace = reverse("desk:consultation", kwargs={"number": online_consultation.number})
    response = officer_client.post(
        reverse(
            "desk:consultation_action",
            kwargs={"number": online_consultation.number, "slug": "ambil"},
        ),
        {"version": online_consultation.version},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{workspace}",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="alerts-strip"' in page
    assert f'name="next" value="{workspace}"' in page
    assert "/aksi/" not in page.split('id="alerts-strip"')[1]
