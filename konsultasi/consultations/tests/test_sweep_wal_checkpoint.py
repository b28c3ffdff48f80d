"""On SQLite the sweep checkpoints the write-ahead log itself, between its batches, so that an
officer's commit does not pay for copying the sweep's pages (bench/RESULTS.md: a catch-up made
an officer's commit wait over a second). A checkpoint cannot run inside a transaction, and the
ordinary tests run inside one: these tests commit for real."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konsultasi.consultations.models import Status
from konsultasi.consultations.sweep import checkpoint_wal, sweep_clocks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the write-ahead log is SQLite's")


def checkpoints(queries) -> int:
    return sum("wal_checkpoint" in q["sql"] for q in queries.captured_queries)


def test_a_sweep_that_recorded_alerts_checkpoints_the_log(in_state, office_hours):
    in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    with CaptureQueriesContext(connection) as queries:
        assert sweep_clocks(now=timezone.now())["alerts"] == 1
    assert checkpoints(queries) == 1


def test_a_sweep_that_closed_consultations_checkpoints_after_each_batch(in_state, office_hours):
    for _ in range(3):
        in_state(Status.RESOLVED)  # quiet until Friday 4 September 16:00
    office_hours.move_to("2026-09-04T16:00+07:00", tick=False)
    with CaptureQueriesContext(connection) as queries:
        assert sweep_clocks(now=timezone.now(), batch_size=2)["closed"] == 3
    assert checkpoints(queries) == 2


def test_a_sweep_with_nothing_due_leaves_the_log_to_sqlite(in_state, office_hours):
    in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=5))
    with CaptureQueriesContext(connection) as queries:
        assert sweep_clocks(now=timezone.now()) == {"alerts": 0, "closed": 0}
    assert checkpoints(queries) == 0


def test_inside_a_transaction_the_sweep_does_not_checkpoint(in_state, office_hours):
    in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert sweep_clocks(now=timezone.now())["alerts"] == 1
    assert checkpoints(queries) == 0


def test_the_checkpoint_runs_only_outside_a_transaction():
    with transaction.atomic():
        assert checkpoint_wal() is False
    assert checkpoint_wal() is True
