from datetime import timedelta

import pytest

from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.conftest import make_stakeholder
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Consultation, Status
from konsultasi.walkins import services
from konsultasi.walkins.models import Ticket
from konsultasi.walkins.services import QueueError


@pytest.fixture
def called(queue, office, officer, counter):
    queue(1)
    return services.call_next(officer=officer, office=office, counter=counter)


def register(officer, ticket, stakeholder, **kwargs):
    fields = {"subject": "SP2D belum terbit", "question": "Kapan SP2D terbit?", **kwargs}
    return services.register_visitor(
        officer=officer, ticket=ticket, stakeholder=stakeholder, **fields
    )


def test_registering_a_called_visitor_starts_the_20_minute_clock_for_the_officer(
    called, officer, stakeholder, service_type, office_hours
):
    c = register(officer, called, stakeholder, service_type=service_type)

    assert (c.status, c.assignee, c.channel.kind) == (Status.IN_PROGRESS, officer, "walk_in")
    assert c.service_due_at - c.service_started_at == timedelta(minutes=20)
    called.refresh_from_db()
    assert (called.status, called.consultation) == (Ticket.Status.SERVING, c)


def test_registering_twice_returns_the_same_consultation(called, officer, stakeholder):
    first = register(officer, called, stakeholder)
    again = register(officer, called, stakeholder)
    assert first.pk == again.pk
    assert Consultation.objects.count() == 1


def test_a_number_still_waiting_cannot_be_registered(queue, officer, stakeholder):
    (waiting,) = queue(1)
    with pytest.raises(QueueError):
        register(officer, waiting, stakeholder)
    assert not Consultation.objects.exists()


def test_another_officers_number_cannot_be_registered(called, second_officer, stakeholder):
    with pytest.raises(QueueError):
        register(second_officer, called, stakeholder)
    assert not Consultation.objects.exists()


def test_a_stakeholder_of_another_office_is_refused(called, officer, other_office):
    foreign = make_stakeholder(other_office, None, full_name="Orang Lain")
    with pytest.raises(InvalidInput):
        register(officer, called, foreign)
    called.refresh_from_db()
    assert (called.status, called.consultation) == (Ticket.Status.CALLED, None)


def test_a_question_left_empty_is_refused_and_the_number_stays_called(called, officer, stakeholder):
    with pytest.raises(InvalidInput):
        register(officer, called, stakeholder, question="  ")
    called.refresh_from_db()
    assert called.status == Ticket.Status.CALLED


def test_an_outsider_cannot_register(called, outsider, stakeholder):
    with pytest.raises(PermissionDenied):
        register(outsider, called, stakeholder)


def test_the_visitor_leaving_the_counter_finishes_the_number(called, officer, stakeholder):
    register(officer, called, stakeholder)

    done = services.finish(officer=officer, ticket=called)

    assert done.status == Ticket.Status.DONE
    assert Consultation.objects.get().status == Status.IN_PROGRESS


def test_a_number_not_being_served_cannot_be_finished(called, officer):
    with pytest.raises(QueueError):
        services.finish(officer=officer, ticket=called)
