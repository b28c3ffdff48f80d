"""The office head's overview: today's and this month's figures, each a link to the
consultations behind it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konsultasi.accounts.models import Role
from konsultasi.conftest import make_staff
from konsultasi.consultations import services
from konsultasi.consultations.models import Status
from konsultasi.consultations.sweep import sweep_clocks
from konsultasi.desk.tests.conftest import add_working_hours, signed_in

OVERVIEW = reverse("desk:overview")


@pytest.fixture
def head_client(client, office_head):
    return signed_in(client, office_head)


def summary_cell(response, row: int, column: int) -> dict:
    return response.context["summary"][row]["cells"][column]


RECEIVED, RESOLVED, DEFERRED, BREACHED = range(4)
TODAY, MONTH = range(2)


@pytest.mark.parametrize("user_fixture", ["officer", "section_head"])
def test_other_desk_roles_are_refused(client, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    assert signed_in(client, user).get(OVERVIEW).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(OVERVIEW)["Location"].startswith(reverse("login"))


def test_received_and_resolved_today_and_this_month(
    head_client, in_state, office, stakeholder_user, office_hours
):
    in_state(Status.RESOLVED)
    office_hours.shift(timedelta(days=1))
    services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    response = head_client.get(OVERVIEW)
    assert summary_cell(response, RECEIVED, TODAY)["value"] == 1
    assert summary_cell(response, RECEIVED, MONTH)["value"] == 2
    assert summary_cell(response, RESOLVED, TODAY)["value"] == 0
    assert summary_cell(response, RESOLVED, MONTH)["value"] == 1


def test_each_number_links_to_the_consultations_behind_it(head_client, in_state):
    resolved = in_state(Status.RESOLVED)
    in_state(Status.FOLLOW_UP)
    link = summary_cell(head_client.get(OVERVIEW), RESOLVED, TODAY)["url"]
    listed = head_client.get(link)
    assert listed.status_code == 200
    assert [c.number for c in listed.context["page"].rows] == [resolved.number]


def test_follow_ups_of_the_period_are_counted(head_client, in_state):
    deferred = in_state(Status.FOLLOW_UP)
    response = head_client.get(OVERVIEW)
    assert summary_cell(response, DEFERRED, TODAY)["value"] == 1
    listed = head_client.get(summary_cell(response, DEFERRED, TODAY)["url"])
    assert [c.number for c in listed.context["page"].rows] == [deferred.number]


def test_missed_deadlines_are_counted_from_the_sweeps_record(
    head_client, online_consultation, office_hours
):
    office_hours.shift(timedelta(minutes=30))
    sweep_clocks(now=online_consultation.received_at + timedelta(minutes=30))
    response = head_client.get(OVERVIEW)
    assert summary_cell(response, BREACHED, TODAY)["value"] == 1
    listed = head_client.get(summary_cell(response, BREACHED, MONTH)["url"])
    assert [c.number for c in listed.context["page"].rows] == [online_consultation.number]


def test_received_is_broken_down_by_channel_and_service_type(head_client, in_state):
    in_state(Status.IN_PROGRESS)
    response = head_client.get(OVERVIEW)
    channels = {row["name"]: row["cells"][TODAY]["value"] for row in response.context["by_channel"]}
    types = {
        row["name"]: row["cells"][TODAY]["value"] for row in response.context["by_service_type"]
    }
    assert sum(channels.values()) == 1
    assert list(types.values()) == [1]
    type_link = response.context["by_service_type"][0]["cells"][TODAY]["url"]
    assert "service_type=" in type_link
    assert len(head_client.get(type_link).context["page"].rows) == 1


def test_another_offices_consultations_are_not_counted(client, other_office, online_consultation):
    add_working_hours(other_office)
    foreign_head = make_staff(other_office, Role.OFFICE_HEAD, "kakan-dumai")
    response = signed_in(client, foreign_head).get(OVERVIEW)
    assert summary_cell(response, RECEIVED, TODAY)["value"] == 0


def test_the_number_of_queries_does_not_grow_with_the_office(head_client, in_state):
    in_state(Status.NEW)
    head_client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as few:
        head_client.get(OVERVIEW)
    for status in (Status.RESOLVED, Status.FOLLOW_UP, Status.ESCALATED, Status.IN_PROGRESS):
        in_state(status)
    with CaptureQueriesContext(connection) as many:
        head_client.get(OVERVIEW)
    assert len(many) == len(few)
