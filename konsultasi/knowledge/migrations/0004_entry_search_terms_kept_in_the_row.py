"""PostgreSQL: a second, light tsvector of each entry (`search_terms`) that the search matches
and shortlists with. The full vector (`search_vector`, every position of the body) is larger
than a row keeps, so PostgreSQL moves it out of the row (TOAST): ranking a common word's
thousands of matches read it back from the TOAST table row by row (81 ms for 9,000 entries).
The light one has the heading and the summary with their positions and weights, and the body's
words once each, without positions (strip): the same words, so it matches exactly what the
full one matches, and small enough to stay in the row (storage MAIN: moved out only if nothing
else could be). The full vector is read for the few shortlisted entries only. Generated from
the same columns, it changes in the same statement as the data. SQLite: nothing (FTS5)."""

from django.db import migrations

POSTGRES_UP = [
    # One ALTER TABLE: the storage is set before the table is rewritten with the new column.
    """ALTER TABLE knowledge_entry ADD COLUMN search_terms tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_heading), 'A')
        || setweight(to_tsvector('simple', search_summary), 'B')
        || strip(to_tsvector('simple', search_body))
    ) STORED, ALTER COLUMN search_terms SET STORAGE MAIN""",
    "CREATE INDEX knowledge_entry_search_terms ON knowledge_entry USING gin (search_terms)",
    # Matching now goes through the light vector's index.
    "DROP INDEX IF EXISTS knowledge_entry_search_vector",
    # The search chooses its terms from the new column's lexeme statistics.
    "ANALYZE knowledge_entry",
]
POSTGRES_DOWN = [
    "CREATE INDEX IF NOT EXISTS knowledge_entry_search_vector ON knowledge_entry "
    "USING gin (search_vector)",
    "ALTER TABLE knowledge_entry DROP COLUMN IF EXISTS search_terms",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_consultation_index_by_office_newest")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP}),
            _run({"postgresql": POSTGRES_DOWN}),
        )
    ]
