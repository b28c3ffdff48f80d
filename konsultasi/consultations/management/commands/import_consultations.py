"""Import past consultations of an office from a CSV or Excel file.

python manage.py import_consultations pekanbaru log-2025.csv \\
    --mapping '{"number": "No", "date": "Tanggal", "stakeholder": "Nama", ...}' --dry-run

The mapping names, for each of our fields, the file's column (or a path to a .json file
holding it); fields not named are looked for under their own name. Prints one line per
refused row and a summary; importing again skips what was already imported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from konsultasi.accounts.models import User
from konsultasi.consultations import importing
from konsultasi.errors import DomainError
from konsultasi.offices.models import Office


class Command(BaseCommand):
    help = "Import an office's past consultations from a .csv or .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("office", help="the office's slug, e.g. pekanbaru")
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--mapping",
            default="",
            help='JSON {"our field": "file column"} or a path to a .json file; fields: '
            + ", ".join(importing.FIELDS),
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--user", default="", help="who imports (recorded on each event)")

    def handle(self, *args, office, file, mapping, dry_run, user, **options):
        found = Office.objects.filter(slug=office).first()
        if found is None:
            raise CommandError(f"No office with the slug {office!r}.")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user {user!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        if mapping.endswith(".json") and Path(mapping).is_file():
            mapping = Path(mapping).read_text(encoding="utf-8")
        try:
            rows = importing.read_rows(path.read_bytes(), path.name)
            report = importing.import_consultations(
                office=found,
                rows=rows,
                mapping=importing.parse_mapping(mapping),
                actor=actor,
                source=path.name,
                dry_run=dry_run,
            )
        except DomainError as refusal:
            raise CommandError(refusal.message) from None
        for error in report.errors:
            self.stdout.write(f"row {error.row}: {error.field or '-'}: {error.message}")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{report.rows} rows: {verb} {len(report.imported)}, already imported "
            f"{len(report.skipped)}, refused {len(report.errors)}."
        )
