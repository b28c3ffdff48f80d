"""Background tasks of the outbox (Django's tasks API; `db_worker` runs them)."""

from django_tasks import task

from konsultasi.notifications.delivery import deliver_due


@task()
def deliver_outbox_task() -> dict[str, int]:
    return deliver_due()
