from django.core.management.base import BaseCommand, CommandError

from konsultasi.accounts.demo import DemoAccountsRefused, create_demo_accounts
from konsultasi.offices.models import Office


class Command(BaseCommand):
    help = "Create demo accounts for every role (development only); passwords are shown once."

    def add_arguments(self, parser):
        parser.add_argument("--office", default="pekanbaru")

    def handle(self, *args, office: str, **options):
        try:
            created = create_demo_accounts(Office.objects.get(slug=office))
        except Office.DoesNotExist:
            raise CommandError(f"No office {office!r}: run load_reference_data first.") from None
        except DemoAccountsRefused as refused:
            raise CommandError(str(refused)) from None
        if not created:
            self.stdout.write("Demo accounts exist already (their passwords were shown once).")
            return
        self.stdout.write("Demo accounts (development only — shown this once):")
        for username, password in created.items():
            self.stdout.write(f"  {username:<10} {password}")
