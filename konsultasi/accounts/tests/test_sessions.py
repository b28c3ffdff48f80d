"""The session of a request is read with a query kept per process (accounts/sessions.py): the
session Django would read, none once it has expired, and written as Django writes it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from konsultasi.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_project_keeps_its_sessions_with_this_store(client):
    assert settings.SESSION_ENGINE == "konsultasi.accounts.sessions"
    assert isinstance(client.session, SessionStore)


def test_a_session_reads_what_was_written_in_it():
    written = SessionStore()
    written["seen"] = {"inbox": "mine"}
    written.save()
    for _ in range(2):  # the first read keeps the query, the second runs what was kept
        read = SessionStore(written.session_key)
        assert read["seen"] == {"inbox": "mine"}
        assert read.session_key == written.session_key


def test_two_sessions_read_one_after_the_other_each_get_their_own():
    first, second = SessionStore(), SessionStore()
    first["who"], second["who"] = "officer", "stakeholder"
    first.save()
    second.save()
    for _ in range(2):
        assert SessionStore(first.session_key)["who"] == "officer"
        assert SessionStore(second.session_key)["who"] == "stakeholder"


def test_an_unknown_key_reads_as_an_empty_session_and_is_dropped():
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_an_expired_session_reads_as_empty():
    written = SessionStore()
    written["seen"] = 1
    written.save()
    Session.objects.filter(pk=written.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    read = SessionStore(written.session_key)
    assert read.load() == {}
    assert read.session_key is None


def test_an_officer_whose_session_expired_is_asked_to_sign_in_again(client, officer):
    client.force_login(officer)
    assert client.get(reverse("desk:inbox")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    answer = client.get(reverse("desk:inbox"))
    assert answer.status_code == 302 and reverse("login") in answer["Location"]


def test_signing_out_ends_the_session_in_the_database(client, officer):
    client.force_login(officer)
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not Session.objects.filter(pk=key).exists()
