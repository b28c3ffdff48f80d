"""Alerts on every desk page: the notifications addressed to the signed-in person and, for an
officer, the office's notices of questions still waiting; each marked read by them alone."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from konsultasi.accounts.models import OfficeRole, Role
from konsultasi.consultations import notify, services
from konsultasi.consultations.sweep import sweep_clocks
from konsultasi.desk.tests.conftest import signed_in
from konsultasi.notifications.models import NoticeReading, OutboxMessage
from konsultasi.notifications.services import not_read_by

INBOX = reverse("desk:inbox")


def unread_for(user):
    return OutboxMessage.objects.filter(
        recipient=user, channel=OutboxMessage.Channel.IN_APP, read_at__isnull=True
    )


def notice_of(consultation):
    """The notice of a new question to all of the office's officers."""
    return OutboxMessage.objects.get(consultation=consultation, kind="new_consultation")


def shown(client) -> list[str]:
    return [line.number for line in client.get(INBOX).context["alerts"].lines]


def submit(stakeholder_user, office):
    return services.submit_question(
        actor=stakeholder_user, office=office, subject="S", question="Q"
    )


def mark_read(client, row, **data):
    return client.post(reverse("desk:alert_read", kwargs={"pk": row.pk}), data)


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
    response = mark_read(officer_client, notice_of(online_consultation), next=INBOX)
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert shown(officer_client) == []
    assert NoticeReading.objects.filter(reader=officer).count() == 1


def test_a_new_question_read_by_one_officer_stays_unread_for_the_others(
    client, officer, second_officer, online_consultation
):
    mark_read(signed_in(client, officer), notice_of(online_consultation))
    assert shown(signed_in(client, second_officer)) == [online_consultation.number]
    assert shown(signed_in(client, officer)) == []


def test_a_question_one_officer_takes_leaves_every_officers_strip(
    client, officer, second_officer, online_consultation
):
    services.claim(officer=officer, consultation=online_consultation)
    for user in (officer, second_officer):
        alerts = signed_in(client, user).get(INBOX).context["alerts"]
        assert (alerts.lines, alerts.more) == ([], 0)


def test_an_officer_given_the_role_later_sees_the_questions_still_waiting(
    client, office, online_consultation, django_user_model
):
    newcomer = django_user_model.objects.create_user("pendatang", password="x")
    OfficeRole.objects.create(user=newcomer, office=office, role=Role.OFFICER)
    assert shown(signed_in(client, newcomer)) == [online_consultation.number]


def test_nobody_can_mark_another_persons_alert(
    client, officer, second_officer, in_state, office_hours
):
    c = in_state("in_progress")
    office_hours.shift(timedelta(minutes=30))
    sweep_clocks(now=c.service_started_at + timedelta(minutes=30))
    theirs = unread_for(officer).filter(consultation=c).first()
    mark_read(signed_in(client, second_officer), theirs)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(
    client, officer, second_officer, office, stakeholder_user, office_hours
):
    for _ in range(3):
        submit(stakeholder_user, office)
    signed_in(client, officer).post(reverse("desk:alerts_read"))
    assert shown(signed_in(client, officer)) == []
    assert len(shown(signed_in(client, second_officer))) == 3
    assert not NoticeReading.objects.filter(reader=second_officer).exists()


def test_many_alerts_show_the_newest_and_how_many_more(
    officer_client, office, stakeholder_user, office_hours
):
    for _ in range(7):
        submit(stakeholder_user, office)
    alerts = officer_client.get(INBOX).context["alerts"]
    assert len(alerts.lines) == 3
    assert alerts.more == 4


def test_the_count_adds_ones_own_alerts_to_the_waiting_questions(
    officer_client, officer, office, stakeholder_user, in_state, office_hours
):
    c = in_state("in_progress")
    office_hours.shift(timedelta(minutes=30))
    sweep_clocks(now=c.service_started_at + timedelta(minutes=30))
    own = unread_for(officer).count()
    for _ in range(4):
        submit(stakeholder_user, office)
    alerts = officer_client.get(INBOX).context["alerts"]
    assert len(alerts.lines) + alerts.more == own + 4


def test_marking_read_sends_back_only_to_this_site(officer_client, online_consultation):
    response = mark_read(
        officer_client, notice_of(online_consultation), next="https://evil.example/"
    )
    assert response["Location"] == reverse("desk:home")


def test_marking_read_needs_a_post(officer_client, online_consultation):
    url = reverse("desk:alert_read", kwargs={"pk": notice_of(online_consultation).pk})
    assert officer_client.get(url).status_code == 405
    assert not NoticeReading.objects.exists()


def test_one_line_per_consultation_and_marking_it_read_clears_them_all(
    officer_client, officer, online_consultation, office_hours
):
    c = online_consultation  # nobody took it: every officer hears of its clock, and of it
    office_hours.shift(timedelta(minutes=30))
    sweep_clocks(now=c.service_started_at + timedelta(minutes=30))
    assert unread_for(officer).filter(consultation=c).exists()
    lines = officer_client.get(INBOX).context["alerts"].lines
    assert [line.number for line in lines] == [c.number]
    mark_read(officer_client, OutboxMessage.objects.get(pk=lines[0].pk))
    assert not unread_for(officer).filter(consultation=c).exists()
    assert NoticeReading.objects.filter(reader=officer, notice=notice_of(c)).exists()
    assert shown(officer_client) == []


def test_an_officers_alerts_are_not_shown_to_a_colleague_with_the_same_roles(
    client, officer, second_officer, online_consultation
):
    # The strip's query is kept per process (kept_queries.py): a colleague of the same office
    # and role, signed in after the officer, reads their own notifications, never the first's.
    mark_read(signed_in(client, second_officer), notice_of(online_consultation))
    first = signed_in(client, officer).get(INBOX).context["alerts"]
    assert [line.number for line in first.lines] == [online_consultation.number]
    second = signed_in(client, second_officer).get(INBOX).context["alerts"]
    assert second.lines == []
    assert second.more == 0


def test_after_a_claim_in_place_marking_read_returns_to_the_workspace(
    officer_client, officer, online_consultation, office, stakeholder_user
):
    submit(stakeholder_user, office)  # still waiting: its line stays in the strip
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


def test_the_officers_notices_are_found_through_the_questions_waiting_not_the_whole_outbox(
    office, officer
):
    # At a national scale the office's outbox holds millions of rows, most of them to no one
    # (e-mail, WhatsApp, the officers' notices): the strip must go from the few questions
    # nobody has taken to their notices. SQLite plans without statistics, as it does here;
    # PostgreSQL is kept from reading the (empty) table through.
    waiting = not_read_by(officer, notify.waiting_officers_notices(office))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = waiting.explain()
    assert "outbox_per_consultation" in plan
