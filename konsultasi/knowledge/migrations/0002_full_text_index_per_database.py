"""The full-text index of the library and of resolved consultations, made the way each
database does it: on SQLite, FTS5 tables over the term columns, kept by triggers; on
PostgreSQL, a generated tsvector column with a GIN index. Both hold the terms computed in
Python (knowledge/analysis.py), so both backends match exactly the same terms."""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE knowledge_entry_fts USING fts5(
        search_heading, search_summary, search_body,
        content='knowledge_entry', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER knowledge_entry_fts_insert AFTER INSERT ON knowledge_entry BEGIN
        INSERT INTO knowledge_entry_fts(rowid, search_heading, search_summary, search_body)
        VALUES (new.id, new.search_heading, new.search_summary, new.search_body);
    END""",
    """CREATE TRIGGER knowledge_entry_fts_delete AFTER DELETE ON knowledge_entry BEGIN
        INSERT INTO knowledge_entry_fts(knowledge_entry_fts, rowid, search_heading,
            search_summary, search_body)
        VALUES ('delete', old.id, old.search_heading, old.search_summary, old.search_body);
    END""",
    """CREATE TRIGGER knowledge_entry_fts_update
        AFTER UPDATE OF search_heading, search_summary, search_body ON knowledge_entry BEGIN
        INSERT INTO knowledge_entry_fts(knowledge_entry_fts, rowid, search_heading,
            search_summary, search_body)
        VALUES ('delete', old.id, old.search_heading, old.search_summary, old.search_body);
        INSERT INTO knowledge_entry_fts(rowid, search_heading, search_summary, search_body)
        VALUES (new.id, new.search_heading, new.search_summary, new.search_body);
    END""",
    "INSERT INTO knowledge_entry_fts(knowledge_entry_fts) VALUES ('rebuild')",
    """CREATE VIRTUAL TABLE knowledge_consultation_fts USING fts5(
        terms, content='knowledge_consultationindex', content_rowid='consultation_id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER knowledge_consultation_fts_insert AFTER INSERT ON knowledge_consultationindex
    BEGIN
        INSERT INTO knowledge_consultation_fts(rowid, terms) VALUES (new.consultation_id, new.terms);
    END""",
    """CREATE TRIGGER knowledge_consultation_fts_delete AFTER DELETE ON knowledge_consultationindex
    BEGIN
        INSERT INTO knowledge_consultation_fts(knowledge_consultation_fts, rowid, terms)
        VALUES ('delete', old.consultation_id, old.terms);
    END""",
    """CREATE TRIGGER knowledge_consultation_fts_update
        AFTER UPDATE OF terms ON knowledge_consultationindex BEGIN
        INSERT INTO knowledge_consultation_fts(knowledge_consultation_fts, rowid, terms)
        VALUES ('delete', old.consultation_id, old.terms);
        INSERT INTO knowledge_consultation_fts(rowid, terms) VALUES (new.consultation_id, new.terms);
    END""",
    "INSERT INTO knowledge_consultation_fts(knowledge_consultation_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TABLE IF EXISTS knowledge_consultation_fts",
    "DROP TABLE IF EXISTS knowledge_entry_fts",
    "DROP TRIGGER IF EXISTS knowledge_entry_fts_insert",
    "DROP TRIGGER IF EXISTS knowledge_entry_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_entry_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_consultation_fts_insert",
    "DROP TRIGGER IF EXISTS knowledge_consultation_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_consultation_fts_update",
]

# Title, number and tags weigh most (A), the summary next (B), the body and PDF text least (D).
POSTGRES_UP = [
    """ALTER TABLE knowledge_entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_heading), 'A')
        || setweight(to_tsvector('simple', search_summary), 'B')
        || setweight(to_tsvector('simple', search_body), 'D')
    ) STORED""",
    "CREATE INDEX knowledge_entry_search_vector ON knowledge_entry USING gin (search_vector)",
    """ALTER TABLE knowledge_consultationindex ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED""",
    """CREATE INDEX knowledge_consultationindex_search_vector
        ON knowledge_consultationindex USING gin (search_vector)""",
]
POSTGRES_DOWN = [
    "ALTER TABLE knowledge_consultationindex DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE knowledge_entry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_library_entries_synonyms_templates_citations")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
