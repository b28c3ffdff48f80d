"""Desk test helpers."""

from datetime import time

import pytest

from konsultasi.offices.models import WorkingHours


def signed_in(client, user):
    """The test client, signed in as `user` (no password round-trip)."""
    client.force_login(user)
    return client


@pytest.fixture
def desk_client(client, officer):
    """A client signed in as the office's CSO officer."""
    return signed_in(client, officer)


def add_working_hours(office):
    """Monday to Friday 08:00–16:00, for offices made in tests without hours."""
    for weekday in range(5):
        WorkingHours.objects.get_or_create(
            office=office, weekday=weekday, opens=time(8), closes=time(16)
        )


@pytest.fixture
def outsider(outsider, other_office):
    """The officer of another office — whose office has working hours, so its desk opens."""
    add_working_hours(other_office)
    return outsider
