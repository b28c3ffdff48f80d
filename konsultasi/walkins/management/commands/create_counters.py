from django.core.management.base import BaseCommand, CommandError

from konsultasi.offices.models import Office
from konsultasi.walkins.models import Counter


class Command(BaseCommand):
    help = "Give an office counters Loket 1..N if it has none yet (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("office", help="the office's slug, e.g. pekanbaru")
        parser.add_argument("--count", type=int, default=3)

    def handle(self, *args, office, count, **options):
        found = Office.objects.filter(slug=office).first()
        if found is None:
            raise CommandError(f"No office with slug {office!r}.")
        if Counter.objects.filter(office=found).exists():
            return
        Counter.objects.bulk_create(
            Counter(office=found, name=f"Loket {n}", sort_order=n) for n in range(1, count + 1)
        )
        self.stdout.write(f"{found}: counters Loket 1–{count} created.")
