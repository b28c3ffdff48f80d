from datetime import timedelta

import pytest

from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.walkins import services
from konsultasi.walkins.models import Counter, Ticket
from konsultasi.walkins.services import QueueEmpty, QueueError


def test_calling_takes_the_first_waiting_number_to_my_counter(queue, office, officer, counter):
    first, _ = queue(2)

    called = services.call_next(officer=officer, office=office, counter=counter)

    assert called.pk == first.pk
    assert (called.status, called.counter, called.called_by) == ("called", counter, officer)
    assert called.times_called == 1
    assert called.called_at is not None


def test_calling_with_nobody_waiting_is_refused(office_hours, office, officer, counter):
    with pytest.raises(QueueEmpty):
        services.call_next(officer=officer, office=office, counter=counter)


def test_a_second_officer_gets_the_next_number(
    queue, office, officer, second_officer, counter, counter2
):
    queue(2)
    mine = services.call_next(officer=officer, office=office, counter=counter)
    theirs = services.call_next(officer=second_officer, office=office, counter=counter2)
    assert (mine.number, theirs.number) == (1, 2)


def test_a_section_head_may_call_too(queue, office, section_head, counter):
    queue(1)
    assert services.call_next(officer=section_head, office=office, counter=counter).number == 1


@pytest.mark.parametrize(
    "who", ["office_head", "admin_user", "regional_viewer", "stakeholder_user", "outsider"]
)
def test_only_officers_and_section_heads_of_the_office_call(queue, office, counter, who, request):
    queue(1)
    with pytest.raises(PermissionDenied):
        services.call_next(officer=request.getfixturevalue(who), office=office, counter=counter)
    assert Ticket.objects.get().status == Ticket.Status.WAITING


def test_a_counter_of_another_office_is_refused(queue, office, officer, other_office):
    queue(1)
    foreign = Counter.objects.create(office=other_office, name="Loket 1")
    with pytest.raises(QueueError):
        services.call_next(officer=officer, office=office, counter=foreign)


def test_a_closed_counter_is_refused(queue, office, officer, counter):
    queue(1)
    counter.is_active = False
    counter.save()
    with pytest.raises(QueueError):
        services.call_next(officer=officer, office=office, counter=counter)


def test_a_number_still_called_must_be_dealt_with_before_the_next(queue, office, officer, counter):
    queue(2)
    services.call_next(officer=officer, office=office, counter=counter)

    with pytest.raises(QueueError, match="001"):
        services.call_next(officer=officer, office=office, counter=counter)
    assert Ticket.objects.filter(status=Ticket.Status.WAITING).count() == 1


def test_calling_the_next_finishes_the_visitor_i_was_serving(
    queue, office, officer, counter, stakeholder
):
    queue(2)
    first = services.call_next(officer=officer, office=office, counter=counter)
    services.register_visitor(
        officer=officer, ticket=first, stakeholder=stakeholder, subject="S", question="Q"
    )

    services.call_next(officer=officer, office=office, counter=counter)

    first.refresh_from_db()
    assert first.status == Ticket.Status.DONE
    assert first.finished_at is not None


def test_an_empty_queue_leaves_the_visitor_being_served_as_is(
    queue, office, officer, counter, stakeholder
):
    queue(1)
    first = services.call_next(officer=officer, office=office, counter=counter)
    services.register_visitor(
        officer=officer, ticket=first, stakeholder=stakeholder, subject="S", question="Q"
    )
    with pytest.raises(QueueEmpty):
        services.call_next(officer=officer, office=office, counter=counter)
    first.refresh_from_db()
    assert first.status == Ticket.Status.SERVING


def test_numbers_left_waiting_yesterday_are_not_called_today(
    queue, office, officer, counter, office_hours
):
    queue(1)
    office_hours.shift(timedelta(days=1))
    (today,) = queue(1)

    assert services.call_next(officer=officer, office=office, counter=counter).pk == today.pk


def test_calling_again_counts_the_calls_and_moves_the_time(
    queue, office, officer, counter, office_hours
):
    queue(1)
    ticket = services.call_next(officer=officer, office=office, counter=counter)
    office_hours.shift(timedelta(minutes=1))

    again = services.recall(officer=officer, ticket=ticket)

    assert again.times_called == 2
    assert again.called_at == ticket.called_at + timedelta(minutes=1)


def test_a_visitor_who_does_not_come_is_marked_not_present(queue, office, officer, counter):
    queue(2)
    ticket = services.call_next(officer=officer, office=office, counter=counter)

    gone = services.mark_no_show(officer=officer, ticket=ticket)

    assert gone.status == Ticket.Status.NO_SHOW
    assert services.call_next(officer=officer, office=office, counter=counter).number == 2


@pytest.mark.parametrize("action", [services.recall, services.mark_no_show])
def test_only_the_officer_who_called_a_number_acts_on_it(
    queue, office, officer, second_officer, counter, action, english
):
    queue(1)
    ticket = services.call_next(officer=officer, office=office, counter=counter)

    with pytest.raises(QueueError, match="called by officer"):
        action(officer=second_officer, ticket=ticket)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.times_called) == ("called", 1)


def test_a_number_no_longer_called_cannot_be_called_again(queue, office, officer, counter):
    queue(1)
    ticket = services.call_next(officer=officer, office=office, counter=counter)
    services.mark_no_show(officer=officer, ticket=ticket)
    with pytest.raises(QueueError):
        services.recall(officer=officer, ticket=ticket)


def test_an_outsider_cannot_touch_a_number(queue, office, officer, outsider, counter):
    queue(1)
    ticket = services.call_next(officer=officer, office=office, counter=counter)
    with pytest.raises(PermissionDenied):
        services.mark_no_show(officer=outsider, ticket=ticket)


def test_a_number_another_officer_takes_first_is_skipped_for_the_next(
    queue, office, officer, second_officer, counter, counter2, monkeypatch
):
    """The interleaving of two calls, on either database: between reading the first waiting
    number and taking it, a colleague takes it; the conditional update then finds it gone."""
    first, second = queue(2)
    read_first = services._first_waiting

    def colleague_takes_it_meanwhile(office_, day):
        pk = read_first(office_, day)
        monkeypatch.setattr(services, "_first_waiting", read_first)
        services.call_next(officer=second_officer, office=office, counter=counter2)
        return pk

    monkeypatch.setattr(services, "_first_waiting", colleague_takes_it_meanwhile)

    mine = services.call_next(officer=officer, office=office, counter=counter)

    assert mine.pk == second.pk
    first.refresh_from_db()
    assert (first.called_by, first.counter) == (second_officer, counter2)
