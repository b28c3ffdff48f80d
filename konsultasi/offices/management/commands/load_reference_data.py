from django.core.management.base import BaseCommand

from konsultasi.offices.reference_data import load_pekanbaru


class Command(BaseCommand):
    help = "Load the reference office (KPPN type A1 Pekanbaru); safe to run again."

    def handle(self, *args, **options):
        office = load_pekanbaru()
        self.stdout.write(f"Reference data loaded: {office.name} ({office.slug}).")
