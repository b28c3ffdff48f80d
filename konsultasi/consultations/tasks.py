"""Background tasks (Django's tasks API; the database backend's `db_worker` runs them)."""

from django.utils import timezone
from django_tasks import task

from konsultasi.consultations.sweep import sweep_clocks


@task()
def sweep_clocks_task() -> dict[str, int]:
    return sweep_clocks(now=timezone.now())
