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
