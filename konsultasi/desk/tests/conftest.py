"""Desk test helpers."""

import pytest


def signed_in(client, user):
    """The test client, signed in as `user` (no password round-trip)."""
    client.force_login(user)
    return client


@pytest.fixture
def desk_client(client, officer):
    """A client signed in as the office's CSO officer."""
    return signed_in(client, officer)


@pytest.fixture
def outsider(outsider, other_office):
    """The officer of another office — whose office has working hours, so its desk opens."""
    from datetime import time

    from konsultasi.offices.models import WorkingHours

    for weekday in range(5):
        WorkingHours.objects.create(
            office=other_office, weekday=weekday, opens=time(8), closes=time(16)
        )
    return outsider
