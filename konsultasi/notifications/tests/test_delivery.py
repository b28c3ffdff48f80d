import itertools
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from konsultasi.consultations import services
from konsultasi.notifications import delivery
from konsultasi.notifications.admin import OutboxMessageAdmin
from konsultasi.notifications.channels import DeliveryFailed, register_sender, sender_for
from konsultasi.notifications.mail import message_id, send_email
from konsultasi.notifications.models import STILL_TO_SEND, OutboxMessage
from konsultasi.partial_index import stated

State = OutboxMessage.State


@pytest.fixture
def emailed(online_consultation):
    """The 'received' e-mail to the stakeholder, waiting in the outbox."""
    return OutboxMessage.objects.get(
        consultation=online_consultation, kind="received", channel="email"
    )


def test_a_message_waits_while_the_mail_server_is_down_and_arrives_once_when_it_is_back(
    smtp, emailed, office_hours
):
    assert delivery.deliver_due() == {"sent": 0, "pending": 1, "parked": 0}
    emailed.refresh_from_db()
    assert emailed.state == State.PENDING
    assert emailed.next_attempt_at > timezone.now()
    assert "cannot be reached" in emailed.last_error

    smtp.start()
    assert delivery.deliver_due() == {"sent": 0, "pending": 0, "parked": 0}  # not yet due
    office_hours.shift(delivery.backoff(1))
    delivery.deliver_due()
    delivery.deliver_due()

    emailed.refresh_from_db()
    assert emailed.state == State.SENT and emailed.attempts == 2
    assert [m["Message-ID"] for m in smtp.mailbox.messages] == [message_id(emailed)]


def test_a_worker_killed_after_sending_leaves_a_retry_that_carries_the_same_message_id(
    smtp, emailed, office_hours
):
    smtp.start()
    claimed = delivery.claim_next(timezone.now())
    send_email(claimed)  # ...and the worker dies here, before it records the send
    assert delivery.deliver_due() == {"sent": 0, "pending": 0, "parked": 0}  # still claimed

    office_hours.shift(delivery.claim_lease() + timedelta(seconds=1))
    assert delivery.deliver_due() == {"sent": 1, "pending": 0, "parked": 0}

    # The mail went out twice as one message: the same Message-ID, which the receiving
    # mail store and programs collapse into one (our own inbound side does the same).
    ids = [m["Message-ID"] for m in smtp.mailbox.messages]
    assert ids == [message_id(emailed)] * 2
    assert len(set(ids)) == 1
    emailed.refresh_from_db()
    assert emailed.state == State.SENT


def test_two_workers_never_claim_the_same_row(emailed):
    now = timezone.now()
    first = delivery.claim_next(now)
    second = delivery.claim_next(now)
    assert first is not None and first.pk == emailed.pk
    assert second is None or second.pk != emailed.pk


def test_a_late_worker_cannot_overwrite_the_outcome_of_the_worker_that_took_over(
    emailed, office_hours
):
    late = delivery.claim_next(timezone.now())
    office_hours.shift(delivery.claim_lease() + timedelta(seconds=1))
    taker = delivery.claim_next(timezone.now())
    assert taker.pk == late.pk and taker.attempts == late.attempts + 1

    delivery._record(late, State.PARKED, error="late")
    emailed.refresh_from_db()
    assert emailed.state == State.SENDING


def test_after_the_last_attempt_the_row_is_parked_and_an_admin_can_retry_it(
    smtp, emailed, office_hours, settings, admin_user, rf: RequestFactory
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    for _ in range(3):
        delivery.deliver_due()  # the mail server is down throughout
        office_hours.shift(timedelta(hours=7))
    emailed.refresh_from_db()
    assert emailed.state == State.PARKED and emailed.attempts == 3

    request = rf.post("/")
    request.user = admin_user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    OutboxMessageAdmin(OutboxMessage, site).retry(request, OutboxMessage.objects.all())
    emailed.refresh_from_db()
    assert (emailed.state, emailed.attempts, emailed.last_error) == (State.PENDING, 0, "")


def test_waits_between_attempts_grow_exponentially():
    waits = [delivery.backoff(n) for n in (1, 2, 3, 4)]
    assert all(later == 2 * earlier for earlier, later in itertools.pairwise(waits))


def test_a_permanent_failure_parks_the_row_at_once(emailed):
    OutboxMessage.objects.filter(pk=emailed.pk).update(address="a@b.invalid\r\nBcc: x@y.invalid")
    delivery.deliver_due()
    emailed.refresh_from_db()
    assert emailed.state == State.PARKED and emailed.attempts == 1


def test_in_app_rows_are_not_for_the_courier(online_consultation):
    delivery.deliver_due()
    assert OutboxMessage.objects.filter(channel="in_app", state=State.PENDING).exists()


def test_every_outside_channel_goes_through_the_sender_registry(emailed, monkeypatch):
    taken = []
    original = sender_for("email")

    def failing(row):
        taken.append(row.pk)
        raise DeliveryFailed("down")

    register_sender("email", failing)
    try:
        delivery.deliver_due()
    finally:
        register_sender("email", original)
    assert taken == [emailed.pk]


def test_a_row_for_a_channel_without_a_sender_is_parked(online_consultation, office):
    from django.db import transaction

    from konsultasi.notifications.services import queue_notification

    with transaction.atomic():
        (row,) = queue_notification(
            office=office, kind="k", subject="s", body="b", addresses=[("nowhere", "x")]
        )
    delivery.deliver_due()
    row.refresh_from_db()
    assert row.state == State.PARKED and "no sender" in row.last_error


def test_a_stakeholder_who_prefers_the_portal_gets_nothing_outside_it(
    office_hours, office, stakeholder, stakeholder_user
):
    stakeholder.preferred_channel = "portal"
    stakeholder.save()
    services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    assert list(
        OutboxMessage.objects.filter(kind="received").values_list("channel", flat=True)
    ) == ["in_app"]


def test_a_stakeholder_who_prefers_whatsapp_is_told_there(
    office_hours, office, stakeholder, stakeholder_user
):
    stakeholder.preferred_channel = "whatsapp"
    stakeholder.save()
    services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    outside = OutboxMessage.objects.filter(kind="received").exclude(channel="in_app").get()
    assert (outside.channel, outside.address) == ("whatsapp", stakeholder.phone)


@pytest.mark.django_db(transaction=True)
def test_a_change_that_commits_wakes_the_courier(office_hours, office, stakeholder_user):
    from django_tasks_db.models import DBTaskResult

    from konsultasi.notifications.tasks import deliver_outbox_task

    services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    assert DBTaskResult.objects.filter(task_path=deliver_outbox_task.module_path).exists()


def test_the_courier_task_delivers_what_is_due(smtp, emailed):
    from konsultasi.notifications.tasks import deliver_outbox_task

    smtp.start()
    assert deliver_outbox_task.call()["sent"] == 1
    assert len(smtp.mailbox.messages) == 1


def test_a_whatsapp_send_repeated_after_a_crash_carries_the_same_idempotency_key(
    whatsapp_api, office_hours, office, stakeholder, stakeholder_user
):
    from konsultasi.notifications.whatsapp import send_whatsapp

    stakeholder.preferred_channel = "whatsapp"
    stakeholder.save()
    services.submit_question(actor=stakeholder_user, office=office, subject="S", question="Q")
    send_whatsapp(delivery.claim_next(timezone.now()))  # the worker dies before recording
    office_hours.shift(delivery.claim_lease() + timedelta(seconds=1))
    delivery.deliver_due()

    keys = {request["headers"]["Idempotency-Key"] for request in whatsapp_api.requests}
    assert len(whatsapp_api.requests) == 2 and len(keys) == 1
    assert OutboxMessage.objects.get(channel="whatsapp").state == State.SENT


@pytest.mark.django_db
def test_the_courier_looks_for_due_rows_only_among_those_still_to_send():
    # In-app rows stay pending for good and sent ones are done: a look that walked them would
    # read millions of rows at a national scale. The plan must be able to use the partial
    # index of the rows still to send (on PostgreSQL with sequential scans ruled out, as an
    # empty test table would otherwise be read whole).
    looking = delivery.due(timezone.now()).order_by("created_at", "pk")[:5]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = looking.explain()
    assert "outbox_still_to_send" in plan


def test_the_rows_still_to_send_are_the_waiting_and_claimed_ones_outside_the_application(office):
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(office=office, kind="k", channel=channel, state=state, subject="s", body="")
        for channel, state in itertools.product(OutboxMessage.Channel, OutboxMessage.State)
    )
    expected = {
        row.pk
        for row in rows
        if row.channel != OutboxMessage.Channel.IN_APP
        and row.state in (State.PENDING, State.SENDING)
    }
    assert set(OutboxMessage.objects.filter(STILL_TO_SEND).values_list("pk", flat=True)) == expected
    still = OutboxMessage.objects.filter(stated(STILL_TO_SEND))
    assert set(still.values_list("pk", flat=True)) == expected
