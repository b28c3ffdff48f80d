"""Background tasks of inbound mail (Django's tasks API; `db_worker` runs them)."""

from django_tasks import task

from konsultasi.inbound.imap import poll_all


@task()
def poll_mailboxes_task() -> dict[str, int]:
    return poll_all()
