from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from konsultasi.inbound.tasks import poll_mailboxes_task
from konsultasi.notifications.tasks import deliver_outbox_task


def test_the_scheduler_keeps_one_poll_and_one_delivery_waiting(db):
    call_command("schedule_inbound_and_outbox", "--once")
    call_command("schedule_inbound_and_outbox", "--once")
    waiting = DBTaskResult.objects.ready()
    assert waiting.filter(task_path=poll_mailboxes_task.module_path).count() == 1
    assert waiting.filter(task_path=deliver_outbox_task.module_path).count() == 1


def test_the_poll_task_reads_every_active_mailbox(db):
    assert poll_mailboxes_task.call() == {}
