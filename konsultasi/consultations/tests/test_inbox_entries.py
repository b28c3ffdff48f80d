"""An inbox page's entries: plain values under the names of the consultation's fields."""

import pytest

from konsultasi.accounts.models import User
from konsultasi.consultations import selectors
from konsultasi.consultations.models import Status
from konsultasi.consultations.selectors import RowOfficer

pytestmark = pytest.mark.django_db


NAMES = [("Sari", "Dewi"), ("", ""), ("Sari", ""), ("", "Dewi")]


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_an_entry_names_its_officer_as_the_user_does(first, last):
    user = User(username="sdewi", first_name=first, last_name=last)
    assert str(RowOfficer(user.username, user.first_name, user.last_name)) == str(user)


def test_an_entry_holds_what_its_consultation_holds(office, officer, in_state):
    c = in_state(Status.IN_PROGRESS)
    moment = selectors.Moment(now=c.received_at, day_start=c.received_at, day_close=c.received_at)
    [entry] = selectors.inbox_page(
        user=officer, office=office, filters=selectors.InboxFilters(), moment=moment
    ).rows
    assert (entry.pk, entry.number, entry.status, entry.subject) == (
        c.pk, c.number, c.status, c.subject
    )  # fmt: skip
    assert entry.office == office
    assert entry.channel.name == c.channel.name and entry.channel.kind == c.channel.kind
    assert entry.stakeholder.full_name == c.stakeholder.full_name
    assert entry.stakeholder.work_unit.code == c.stakeholder.work_unit.code
    assert str(entry.assignee) == str(c.assignee)
    assert entry.service_due_at == c.service_due_at
    assert entry.nearest_due_at == c.nearest_due_at
