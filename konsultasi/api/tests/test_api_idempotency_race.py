"""Retries racing each other on real connections (PostgreSQL): one consultation, one new
stakeholder, every retry answered with the same number."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.api.tests.conftest import new_question
from konsultasi.consultations.models import Consultation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks across connections")


def post_at_once(count: int, key: str, idempotency_key: str) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            client = Client()
            barrier.wait()
            results[i] = client.post(
                "/api/v1/consultations",
                new_question(),
                content_type="application/json",
                headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idempotency_key},
            )
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_racing_retries_with_one_key_create_one_consultation_and_return_it_to_all(
    office_hours, office, key
):
    results = post_at_once(6, key, "national-portal-4711")

    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 5 + [201], [getattr(r, "content", r) for r in results]
    assert len({r.json()["number"] for r in results}) == 1
    assert Consultation.objects.count() == 1
    assert StakeholderProfile.objects.filter(office=office).count() == 1


def test_racing_submissions_with_different_keys_are_each_created(office_hours, office, key):
    barrier_results = [post_at_once(1, key, f"k{i}")[0] for i in range(3)]
    assert [r.status_code for r in barrier_results] == [201, 201, 201]
    assert Consultation.objects.count() == 3
