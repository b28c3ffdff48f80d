"""Enqueue the mailbox poll and the outbox delivery periodically for the task worker.

The database backend of Django's tasks has no scheduler; this loop is it (like the clock
sweep's). One of each waits in the queue at a time, so a slow worker never piles them up.
New outbox rows also wake the courier on their own when their change commits; this loop
brings the retries whose wait is over."""

import time

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from konsultasi.inbound.tasks import poll_mailboxes_task
from konsultasi.notifications.tasks import deliver_outbox_task


class Command(BaseCommand):
    help = "Enqueue mailbox polls and outbox deliveries periodically (run beside db_worker)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="enqueue one round and exit")

    def handle(self, *args, every: int, once: bool, **options):
        while True:
            for job in (poll_mailboxes_task, deliver_outbox_task):
                waiting = DBTaskResult.objects.ready().filter(task_path=job.module_path)
                if not waiting.exists():
                    job.enqueue()
            if once:
                return
            time.sleep(every)
