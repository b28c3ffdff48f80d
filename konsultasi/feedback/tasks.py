"""Background tasks (Django's tasks API; the database backend's `db_worker` runs them)."""

from django.utils import timezone
from django_tasks import task

from konsultasi.feedback.survey import invite_resolved


@task()
def invite_to_survey_task() -> int:
    return invite_resolved(now=timezone.now())
