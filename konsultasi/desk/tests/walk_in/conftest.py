"""The walk-in desk's world: counters, a queue to fill, a number called to my counter."""

import pytest
from django.core.cache import cache

from konsultasi.desk.walk_in_counter import COUNTER_SESSION_KEY
from konsultasi.walkins import services
from konsultasi.walkins.models import Counter


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The kiosk's rate limit lives in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counter(office) -> Counter:
    return Counter.objects.create(office=office, name="Loket 1", sort_order=1)


@pytest.fixture
def counter2(office) -> Counter:
    return Counter.objects.create(office=office, name="Loket 2", sort_order=2)


@pytest.fixture
def queue(office_hours, office):
    """queue(n) → n numbers taken at the kiosk."""

    def fill(n: int = 1, **kwargs):
        return [services.take_ticket(office=office, **kwargs) for _ in range(n)]

    return fill


def sit_at(client, counter: Counter):
    """The signed-in officer has picked `counter` on the counter page."""
    session = client.session
    session[COUNTER_SESSION_KEY] = counter.pk
    session.save()
    return client


@pytest.fixture
def at_counter(desk_client, counter):
    return sit_at(desk_client, counter)


@pytest.fixture
def called(queue, office, officer, counter):
    """A number called to `counter` by `officer`."""
    queue(1)
    return services.call_next(officer=officer, office=office, counter=counter)
