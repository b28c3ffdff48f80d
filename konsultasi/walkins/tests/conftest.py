"""The queue's world: counters of the reference office, and a way to fill the queue."""

import pytest

from konsultasi.walkins import services
from konsultasi.walkins.models import Counter


@pytest.fixture
def counter(office) -> Counter:
    return Counter.objects.create(office=office, name="Loket 1", sort_order=1)


@pytest.fixture
def counter2(office) -> Counter:
    return Counter.objects.create(office=office, name="Loket 2", sort_order=2)


@pytest.fixture
def queue(office_hours, office):
    """queue(n) → n tickets taken at the kiosk, in order."""

    def fill(n: int = 1, **kwargs):
        return [services.take_ticket(office=office, **kwargs) for _ in range(n)]

    return fill
