"""Issue an API key for an integration of an office. The key is printed once, alone on the
last line (so a script can take it with `tail -1`); only its digest is kept.

python manage.py create_api_key pekanbaru --name "Portal nasional" --scopes all
"""

from django.core.management.base import BaseCommand, CommandError

from konsultasi.accounts import api_keys
from konsultasi.errors import DomainError
from konsultasi.offices.models import Office


class Command(BaseCommand):
    help = "Issue an API key for an office's integration and print it once."

    def add_arguments(self, parser):
        parser.add_argument("office", help="the office's slug, e.g. pekanbaru")
        parser.add_argument("--name", required=True, help="what the key is for")
        parser.add_argument(
            "--scopes",
            default="read",
            help="'all' or a comma-separated list of: "
            + ", ".join(s.value for s in api_keys.Scope),
        )

    def handle(self, *args, office: str, name: str, scopes: str, **options):
        found = Office.objects.filter(slug=office).first()
        if found is None:
            raise CommandError(f"No office with the slug {office!r}.")
        try:
            row, key = api_keys.issue_integration_key(office=found, name=name, scopes=scopes)
        except DomainError as refusal:
            raise CommandError(refusal.message) from None
        self.stderr.write(
            f"Issued {row.name!r} for {found.name} (prefix {row.prefix}, scopes "
            f"{', '.join(row.scopes)}). Keep the key now: it is not shown again."
        )
        self.stdout.write(key)
