from django.core.management.base import BaseCommand

from konsultasi.knowledge.rebuild import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Rebuild the library's search index and the index of resolved consultations (after "
        "the synonym table changed); safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        entries, consultations = rebuild_search_index(alias=options["database"])
        self.stdout.write(
            f"Search index rebuilt: {entries} library entries, "
            f"{consultations} resolved consultations."
        )
