"""Reads of the queue shared by the kiosk, the counter page and the waiting-room display. Each
is a fixed number of queries, however long the queue."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from konsultasi.accounts.models import User
from konsultasi.offices.models import Office
from konsultasi.walkins.models import Counter, Ticket

AT_A_COUNTER = (Ticket.Status.CALLED, Ticket.Status.SERVING)


@dataclass(frozen=True)
class CounterLine:
    counter: Counter
    ticket: Ticket | None  # the number now at this counter, if any


@dataclass(frozen=True)
class Board:
    """What the waiting room sees: the newest call, every counter with its number, and how
    many are still waiting."""

    latest: Ticket | None
    counters: list[CounterLine]
    waiting: int

    @property
    def call_key(self) -> str:
        """Changes whenever a number is called or called again (the display chimes)."""
        if self.latest is None:
            return ""
        return f"{self.latest.pk}-{self.latest.times_called}"


def active_counters(office: Office) -> QuerySet[Counter]:
    return Counter.objects.filter(office=office, is_active=True)


def board(office: Office, day: date) -> Board:
    """Three queries: the counters, the numbers at them, the count of those waiting."""
    counters = list(active_counters(office))
    at_counters = list(
        Ticket.objects.filter(office=office, service_day=day, status__in=AT_A_COUNTER)
        .select_related("counter")
        .order_by("-called_at", "-pk")
    )
    newest_at: dict[int, Ticket] = {}
    for ticket in at_counters:
        if ticket.counter_id is not None:
            newest_at.setdefault(ticket.counter_id, ticket)
    return Board(
        latest=at_counters[0] if at_counters else None,
        counters=[CounterLine(counter, newest_at.get(counter.pk)) for counter in counters],
        waiting=waiting(office, day).count(),
    )


def waiting(office: Office, day: date) -> QuerySet[Ticket]:
    return Ticket.objects.filter(
        office=office, service_day=day, status=Ticket.Status.WAITING
    ).order_by("number")


def waiting_list(office: Office, day: date, limit: int = 20) -> list[Ticket]:
    return list(waiting(office, day).select_related("service_type")[:limit])


def at_my_counter(officer: User, office: Office, day: date) -> Ticket | None:
    """The number the officer has called and not dealt with yet, else the visitor they are
    serving (with the consultation it became)."""
    return (
        Ticket.objects.filter(
            office=office, service_day=day, called_by=officer, status__in=AT_A_COUNTER
        )
        .select_related("counter", "service_type", "consultation")
        .order_by("status", "-called_at")  # "called" sorts before "serving"
        .first()
    )


def ticket_of_office(office: Office, pk: int) -> Ticket | None:
    """A ticket of `office` only: a number in a URL never reaches another office's queue."""
    return (
        Ticket.objects.filter(office=office, pk=pk)
        .select_related("office", "counter", "service_type", "called_by", "consultation")
        .first()
    )
