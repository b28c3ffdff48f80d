"""The satisfaction index of a tally of paper questionnaires:

    python manage.py skm_index FILE.json

FILE.json holds {"responses": [[e1, …, e9], …]}, each answer 1–4 in the order of the method's
nine elements. Prints each element's mean, then, last, `IKM=NN.NN grade=X respondents=N`.
A file that cannot be read, is not that shape, or holds an answer out of range is refused
with a message saying where, and a non-zero exit."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from konsultasi.feedback import skm
from konsultasi.feedback.questionnaire import ELEMENTS


class Command(BaseCommand):
    help = "Compute the SKM index (IKM) of a JSON tally of questionnaires."

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON: {"responses": [[e1, ..., e9], ...]}')

    def handle(self, *args, file: str, **options):
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("responses"), list):
            raise CommandError(f'{file} must hold an object with a "responses" list')
        try:
            result = skm.index_of_responses(data["responses"])
        except skm.InvalidResponse as refused:
            raise CommandError(f"{file}: {refused}") from None
        if result is None:
            raise CommandError(f"{file} holds no responses: there is no index to compute")
        for element, mean in zip(ELEMENTS, result.element_means, strict=True):
            self.stdout.write(
                f"{element.code:<12} mean={skm.round_published(mean)} "
                f"score={skm.element_score(mean)}"
            )
        weakest = ELEMENTS[result.weakest_element].code
        self.stdout.write(f"weakest element: {weakest}")
        self.stdout.write(
            f"IKM={result.value} grade={result.grade} respondents={result.respondents}"
        )
