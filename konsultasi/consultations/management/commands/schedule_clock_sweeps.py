"""Enqueue the clock sweep every minute for the task worker (`db_worker`) to run.

The database backend of Django's tasks has no scheduler of its own; this small loop is it.
Only one sweep waits in the queue at a time, so a slow worker never piles them up."""

import time

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from konsultasi.consultations.tasks import sweep_clocks_task


class Command(BaseCommand):
    help = "Enqueue the clock sweep periodically (run beside db_worker)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60, help="seconds between sweeps")
        parser.add_argument("--once", action="store_true", help="enqueue one sweep and exit")

    def handle(self, *args, every: int, once: bool, **options):
        while True:
            waiting = DBTaskResult.objects.ready().filter(task_path=sweep_clocks_task.module_path)
            if not waiting.exists():
                sweep_clocks_task.enqueue()
            if once:
                return
            time.sleep(every)
