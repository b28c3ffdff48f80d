from datetime import timedelta

import pytest
from django.db import IntegrityError

from konsultasi.offices.models import Office, ServiceType
from konsultasi.walkins import services
from konsultasi.walkins.models import Ticket
from konsultasi.walkins.services import QueueError


def test_numbers_start_at_one_and_count_up(queue):
    assert [t.number for t in queue(3)] == [1, 2, 3]


def test_a_ticket_waits_and_prints_its_number_with_three_digits(queue):
    (ticket,) = queue(1)
    assert ticket.status == Ticket.Status.WAITING
    assert ticket.label == "001"


def test_numbers_restart_on_the_next_local_day(queue, office_hours):
    queue(2)
    # 00:30 WIB on Wednesday is still Tuesday in UTC: the office's own date decides.
    office_hours.shift(timedelta(hours=15, minutes=30))

    (ticket,) = queue(1)

    assert ticket.number == 1
    assert str(ticket.service_day) == "2026-09-02"


def test_each_office_counts_its_own_numbers(queue, other_office):
    queue(2)
    assert services.take_ticket(office=other_office).number == 1


def test_the_visitor_may_choose_a_service_type(queue, service_type):
    (ticket,) = queue(1, service_type=service_type)
    assert ticket.service_type == service_type


def test_a_service_type_of_another_office_is_refused(queue, other_office, section):
    foreign = ServiceType.objects.create(
        office=other_office, code="x", name="X", default_section=other_office.sections.first()
    )
    with pytest.raises(QueueError):
        queue(1, service_type=foreign)
    assert not Ticket.objects.exists()


def test_an_inactive_service_type_is_refused(queue, service_type):
    service_type.is_active = False
    service_type.save()
    with pytest.raises(QueueError):
        queue(1, service_type=service_type)


def test_an_office_that_is_not_active_gives_no_numbers(office_hours, office):
    Office.objects.filter(pk=office.pk).update(is_active=False)
    office.refresh_from_db()
    with pytest.raises(QueueError):
        services.take_ticket(office=office)


def test_the_database_refuses_a_number_given_twice_on_one_day(queue):
    (ticket,) = queue(1)
    with pytest.raises(IntegrityError):
        Ticket.objects.create(
            office=ticket.office,
            service_day=ticket.service_day,
            number=ticket.number,
            taken_at=ticket.taken_at,
        )


def test_waiting_ahead_counts_only_those_still_waiting_before(queue, officer, counter):
    first, _second, third = queue(3)
    services.call_next(officer=officer, office=first.office, counter=counter)

    assert services.waiting_ahead(third) == 1
    assert services.waiting_ahead(first) == 0
