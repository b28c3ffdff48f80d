"""Enqueue the survey invitations every few minutes for the task worker (`db_worker`).

Like `schedule_clock_sweeps`: the database backend has no scheduler of its own, and only one
invitation run waits in the queue at a time."""

import time

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from konsultasi.feedback.tasks import invite_to_survey_task


class Command(BaseCommand):
    help = "Enqueue the survey invitations of newly resolved consultations periodically."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=300, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="enqueue one run and exit")

    def handle(self, *args, every: int, once: bool, **options):
        while True:
            waiting = DBTaskResult.objects.ready().filter(
                task_path=invite_to_survey_task.module_path
            )
            if not waiting.exists():
                invite_to_survey_task.enqueue()
            if once:
                return
            time.sleep(every)
