import pytest
from django.db import transaction

from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.services import queue_notification


@pytest.mark.django_db(transaction=True)
def test_notifications_are_queued_only_inside_the_changes_transaction(office):
    with pytest.raises(RuntimeError):
        queue_notification(
            office=office, kind="k", subject="s", body="b", addresses=[("email", "a@x.invalid")]
        )
    assert not OutboxMessage.objects.exists()


def test_a_subject_cannot_smuggle_a_header_line(office, officer):
    with transaction.atomic():
        queue_notification(
            office=office,
            kind="k",
            subject="Halo\r\nBcc: victim@example.invalid",
            body="b",
            recipients=[officer],
        )
    assert OutboxMessage.objects.get().subject == "Halo Bcc: victim@example.invalid"


def test_one_row_per_recipient_and_address(office, officer):
    with transaction.atomic():
        rows = queue_notification(
            office=office,
            kind="k",
            subject="s",
            body="b",
            recipients=[officer, officer, None],
            addresses=[("email", "a@example.invalid"), ("email", "")],
        )
    assert [(r.channel, r.recipient, r.address) for r in rows] == [
        ("in_app", officer, ""),
        ("email", None, "a@example.invalid"),
    ]
