"""Workers delivering at the same instant, each on its own PostgreSQL connection: every row is
sent exactly once (SKIP LOCKED spreads them, the conditional claim decides)."""

import threading

import pytest
from django.db import connection, connections, transaction

from konsultasi.notifications import delivery
from konsultasi.notifications.channels import register_sender, sender_for
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import queue_notification

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks across connections")


def test_of_workers_delivering_at_once_each_row_is_sent_exactly_once(office):
    with transaction.atomic():
        rows = queue_notification(
            office=office,
            kind="progress",
            subject="s",
            body="b",
            addresses=[("email", f"p{n}@example.invalid") for n in range(30)],
        )
    sent: list[int] = []
    lock = threading.Lock()

    def record(row):
        with lock:
            sent.append(row.pk)

    original = sender_for("email")
    register_sender("email", record)
    barrier = threading.Barrier(4)

    def work():
        try:
            barrier.wait()
            delivery.deliver_due()
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        register_sender("email", original)

    assert sorted(sent) == sorted(r.pk for r in rows)
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
