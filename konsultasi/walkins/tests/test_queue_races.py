"""Two kiosks, several officers, at the same instant, each on its own database connection.
Threads on PostgreSQL, where row locks decide (the SQLite test database lives in memory and
cannot be shared by connections: test_queue_races_on_sqlite.py races processes on a file)."""

import pytest
from django.db import connection

from konsultasi.accounts.models import Role
from konsultasi.conftest import make_staff
from konsultasi.consultations.tests.test_concurrency import race
from konsultasi.walkins import services
from konsultasi.walkins.models import Counter, Ticket, TicketSequence

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks across connections")


def test_kiosks_taking_numbers_at_once_get_each_number_exactly_once(office_hours, office):
    results = race([lambda: services.take_ticket(office=office)] * 8)

    assert all(isinstance(r, Ticket) for r in results), results
    assert sorted(r.number for r in results) == list(range(1, 9))
    assert TicketSequence.objects.get().last == 8


def test_officers_calling_at_once_each_get_a_different_number(office_hours, office):
    for _ in range(3):
        services.take_ticket(office=office)
    officers = [make_staff(office, Role.OFFICER, f"cso{i}") for i in range(4)]
    counters = [Counter.objects.create(office=office, name=f"Loket {i}") for i in range(4)]

    results = race(
        [
            lambda o=o, c=c: services.call_next(officer=o, office=office, counter=c)
            for o, c in zip(officers, counters, strict=True)
        ]
    )

    called = [r for r in results if isinstance(r, Ticket)]
    empty = [r for r in results if isinstance(r, services.QueueEmpty)]
    assert (len(called), len(empty)) == (3, 1), results
    assert sorted(t.number for t in called) == [1, 2, 3]
    assert {t.called_by for t in Ticket.objects.all()} == {t.called_by for t in called}


def test_a_double_clicked_call_button_calls_one_number(office_hours, office, officer, counter):
    for _ in range(3):
        services.take_ticket(office=office)

    results = race(
        [lambda: services.call_next(officer=officer, office=office, counter=counter)] * 2
    )

    assert sum(isinstance(r, Ticket) for r in results) == 1, results
    assert Ticket.objects.filter(status=Ticket.Status.CALLED).count() == 1
