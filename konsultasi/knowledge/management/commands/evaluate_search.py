from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from konsultasi.knowledge.evaluation import available_aliases, backend_label, evaluate, read_cases


class Command(BaseCommand):
    help = (
        "Measure the library search on a JSON-lines file of questions with their relevant "
        'entries ({"question": "...", "relevant": ["210/PMK.05/2022", "a-slug"]}): a line '
        "per database backend available, and last recall@5 and MRR of the one in use."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as lines:
                cases = read_cases(lines)
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{options['file']}: {error}") from None
        in_use = None
        for alias in available_aliases():
            score = evaluate(cases, alias=alias)
            self.stdout.write(f"{backend_label(alias)}: questions={score.questions} {score.line()}")
            if alias == DEFAULT_DB_ALIAS:
                in_use = score
        if in_use is None:
            raise CommandError("the database in use has no search backend")
        self.stdout.write(in_use.line())
