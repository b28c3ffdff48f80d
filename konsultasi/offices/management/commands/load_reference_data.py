from django.core.management.base import BaseCommand

from konsultasi.offices.reference_data import load_pekanbaru, load_registered_reference_data


class Command(BaseCommand):
    help = (
        "Load the reference office (KPPN type A1 Pekanbaru) and the starter library; safe to "
        "run again."
    )

    def handle(self, *args, **options):
        office = load_pekanbaru()
        self.stdout.write(f"Reference data loaded: {office.name} ({office.slug}).")
        # The library and anything else the apps above registered (see reference_data.py).
        for report in load_registered_reference_data():
            self.stdout.write(report)
