"""Races between real database connections, on PostgreSQL. SQLite serialises writers with one
database lock (IMMEDIATE transactions); test_sqlite_concurrency.py races separate processes on
one SQLite file to prove it."""

import threading

import pytest
from django.db import connection, connections

from konsultasi.accounts import api_keys
from konsultasi.accounts.models import Role, User
from konsultasi.conftest import make_staff
from konsultasi.consultations import services, submissions
from konsultasi.consultations.errors import AlreadyClaimed
from konsultasi.consultations.models import Consultation, Event, NumberSequence
from konsultasi.consultations.submissions import NamedStakeholder, submit_from_integration

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks across connections")


def race(workers: list) -> list:
    """Run the callables at the same instant, each on its own connection; return results
    (or the exceptions they raised)."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)

    def run(i, work):
        try:
            barrier.wait()
            results[i] = work()
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_of_officers_claiming_at_once_exactly_one_wins(office, stakeholder_user):
    officers = [make_staff(office, Role.OFFICER, f"cso{i}") for i in range(4)]
    c = services.submit_question(actor=stakeholder_user, office=office, subject="s", question="q")

    results = race([lambda o=o: services.claim(officer=o, consultation=c) for o in officers])

    winners = [r for r in results if isinstance(r, Consultation)]
    losers = [r for r in results if isinstance(r, AlreadyClaimed)]
    assert (len(winners), len(losers)) == (1, 3)
    winner = winners[0].assignee
    assert all(loser.holder == winner for loser in losers)
    assert Event.objects.filter(consultation=c, action="claim").count() == 1


def test_concurrent_submissions_are_each_saved_once_with_a_unique_number(
    office_hours, office, stakeholder_user
):
    def submit(i):
        return lambda: services.submit_question(
            actor=stakeholder_user, office=office, subject=f"s{i}", question="q"
        )

    results = race([submit(i) for i in range(8)])

    assert all(isinstance(r, Consultation) for r in results), results
    numbers = sorted(Consultation.objects.values_list("number", flat=True))
    assert numbers == [f"PKU-2026-{n:05d}" for n in range(1, 9)]


def test_a_double_clicked_submit_racing_itself_creates_one_consultation(office, stakeholder_user):
    def submit():
        return services.submit_question(
            actor=stakeholder_user, office=office, subject="s", question="q", client_token="dbl"
        )

    results = race([submit, submit, submit])

    assert all(isinstance(r, Consultation) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Consultation.objects.count() == 1


def test_retries_racing_with_one_idempotency_key_make_one_consultation_and_one_number(
    office_hours, office, stakeholder
):
    key, _secret = api_keys.issue_integration_key(office=office, name="Portal", scopes="all")
    named = NamedStakeholder(name=stakeholder.full_name, email=stakeholder.email)

    def submit():
        return submit_from_integration(
            actor=User.objects.get(pk=key.user_id),  # each try its own request's user
            office=office,
            subject="s",
            question="q",
            stakeholder=named,
            idempotency_key="order-1",
        )

    results = race([submit] * 4)

    assert all(isinstance(r, tuple) for r in results), results
    assert len({consultation.pk for consultation, _created in results}) == 1
    assert sorted(created for _consultation, created in results) == [False, False, False, True]
    assert Consultation.objects.get().number.endswith("-00001")
    assert NumberSequence.objects.get(office=office).last == 1


def test_a_question_naming_a_new_stakeholder_does_not_hold_up_another_questions_commit(
    office_hours, office, stakeholder, monkeypatch
):
    # The question naming someone new takes the office's lock while it records them. Another
    # question of the office, from someone on file, checks at its commit that the office it
    # names exists: that check must not wait for the lock. (It did, while the first waited
    # for the number the second had drawn: a deadlock, seen under load.)
    key, _secret = api_keys.issue_integration_key(office=office, name="Portal", scopes="all")
    recording, go_on = threading.Event(), threading.Event()
    record = submissions.register_stakeholder

    def record_slowly(**fields):
        recording.set()
        go_on.wait(timeout=30)
        return record(**fields)

    monkeypatch.setattr(submissions, "register_stakeholder", record_slowly)

    def ask(named):
        return submit_from_integration(
            actor=User.objects.get(pk=key.user_id),
            office=office,
            subject="s",
            question="q",
            stakeholder=named,
        )

    newcomer: list = []

    def ask_as_newcomer():
        try:
            newcomer.append(ask(NamedStakeholder(name="Baru", email="baru@example.go.id")))
        except Exception as error:
            newcomer.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=ask_as_newcomer)
    thread.start()
    assert recording.wait(timeout=30)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")
        known, created = ask(NamedStakeholder(name=stakeholder.full_name, email=stakeholder.email))
    finally:
        go_on.set()
        thread.join(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert created and known.number.endswith("-00001")
    (new,) = newcomer
    assert isinstance(new, tuple), new
    assert new[0].number.endswith("-00002")
