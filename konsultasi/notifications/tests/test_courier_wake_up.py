"""After a change that queues outside messages, the courier task is woken: with the database
task backend its task row is written in the change's own transaction."""

import time

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from konsultasi.kept_inserts import insert_new_together
from konsultasi.notifications.services import (
    COURIER_GATHERS_FOR,
    notifications,
    queue_notification,
    queued,
)
from konsultasi.notifications.tasks import deliver_outbox_task


def courier_tasks():
    return DBTaskResult.objects.filter(task_path=deliver_outbox_task.module_path)


def emailed(office, address="a@example.id", **fields):
    return queue_notification(
        office=office, kind="test", subject="S", body="B", addresses=[("email", address)], **fields
    )


def test_the_courier_task_is_written_with_the_change_before_it_commits(office):
    emailed(office)
    assert courier_tasks().count() == 1


def test_one_change_wakes_the_courier_once_however_many_messages_it_queues(office):
    emailed(office)
    emailed(office, address="b@example.id")
    assert courier_tasks().count() == 1


def test_in_app_messages_alone_do_not_wake_the_courier(office, officer):
    queue_notification(office=office, kind="test", subject="S", body="B", recipients=[officer])
    assert not courier_tasks().exists()


def test_messages_written_with_the_changes_other_rows_wake_the_courier(office):
    rows = notifications(
        office=office, kind="t", subject="S", body="B", addresses=[("email", "a@x.id")]
    )
    insert_new_together(rows)
    queued(rows)
    assert courier_tasks().count() == 1


def test_messages_not_written_yet_cannot_be_said_to_be_queued(office):
    rows = notifications(
        office=office, kind="t", subject="S", body="B", addresses=[("email", "a@x.id")]
    )
    with pytest.raises(ValueError, match="write the rows"):
        queued(rows)
    assert not courier_tasks().exists()


def test_messages_queued_after_a_rolled_back_savepoint_still_wake_the_courier(office):
    try:
        with transaction.atomic():
            emailed(office)
            raise RuntimeError("the step fails")
    except RuntimeError:
        pass
    assert not courier_tasks().exists()
    emailed(office)
    assert courier_tasks().count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_change_that_rolls_back_leaves_no_courier_task(office):
    with pytest.raises(RuntimeError), transaction.atomic():
        emailed(office)
        raise RuntimeError("the change fails")
    assert not courier_tasks().exists()


def test_a_backend_that_runs_tasks_at_once_is_called_only_after_the_commit(
    office, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ran = []
    monkeypatch.setattr(
        "konsultasi.notifications.tasks.deliver_due", lambda: ran.append(True) or {}
    )
    with django_capture_on_commit_callbacks(execute=True):
        emailed(office)
        assert not ran
    assert ran == [True]


@pytest.mark.django_db(transaction=True)
def test_changes_committed_while_a_courier_waits_ride_on_it(office, monkeypatch):
    monkeypatch.setattr("konsultasi.notifications.services.monotonic", lambda: 1000.0)
    with transaction.atomic():
        emailed(office)
    with transaction.atomic():
        emailed(office, address="b@example.id")
    courier = courier_tasks().get()
    waits = (courier.run_after - courier.enqueued_at).total_seconds()
    assert waits == pytest.approx(COURIER_GATHERS_FOR.total_seconds(), abs=0.1)


@pytest.mark.django_db(transaction=True)
def test_a_change_after_the_courier_has_started_wakes_another(office, monkeypatch):
    with transaction.atomic():
        emailed(office)
    later = time.monotonic() + COURIER_GATHERS_FOR.total_seconds()
    monkeypatch.setattr("konsultasi.notifications.services.monotonic", lambda: later)
    with transaction.atomic():
        emailed(office, address="b@example.id")
    assert courier_tasks().count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_courier_rolled_back_with_its_change_is_not_counted_on(office):
    with pytest.raises(RuntimeError), transaction.atomic():
        emailed(office)
        raise RuntimeError("the change fails")
    with transaction.atomic():
        emailed(office, address="b@example.id")
    assert courier_tasks().count() == 1
