"""Login throttling (django-axes): failures count per user name *and* address together, with
a cool-off, so an attacker elsewhere cannot lock an officer out; the lockout page says the same
whether or not the account exists."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from konsultasi.portal.tests.conftest import without_csrf

LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def _fresh_attempts(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def attempt(client, username, password="salah", address="203.0.113.9"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, username, address="203.0.113.9"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, address=address)


def test_repeated_failures_lock_that_name_from_that_address(client, officer):
    fail_until_locked(client, officer.username)
    locked = attempt(client, officer.username, password="x")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_attacker_elsewhere_cannot_lock_an_officer_out(client, officer):
    fail_until_locked(client, officer.username, address="198.51.100.66")
    response = attempt(client, officer.username, password="x", address="203.0.113.9")
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:inbox")


def test_the_lockout_lifts_after_the_cool_off(client, officer, time_machine):
    fail_until_locked(client, officer.username)
    time_machine.move_to(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert attempt(client, officer.username, password="x").status_code == 302


def test_the_lockout_says_the_same_for_an_account_that_does_not_exist(client, officer):
    fail_until_locked(client, officer.username)
    fail_until_locked(client, "tidak-ada")
    real = attempt(client, officer.username)
    made_up = attempt(client, "tidak-ada")
    assert real.status_code == made_up.status_code == 429
    assert without_csrf(real) == without_csrf(made_up)


def test_the_capitals_of_an_e_mail_address_do_not_make_a_new_name(client, stakeholder_user):
    stakeholder_user.username = "satker@example.id"
    stakeholder_user.save()
    for spelling in ("Satker@example.id", "SATKER@EXAMPLE.ID", "satker@Example.id"):
        attempt(client, spelling)
    attempt(client, "satker@example.ID")
    attempt(client, "satker@example.id")
    assert attempt(client, "satker@example.id", password="x").status_code == 429
