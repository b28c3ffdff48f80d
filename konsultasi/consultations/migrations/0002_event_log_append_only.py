"""The database itself refuses changes to the event log, whatever code runs against it.

Updates are refused on both databases. Deletes are refused on PostgreSQL; on SQLite the test
runner's flush deletes rows between tests, so there the ORM's refusal has to do (the
consultation foreign key is PROTECT, so no cascade reaches the log either)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER consultations_event_no_update BEFORE UPDATE ON consultations_event
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS consultations_event_no_update;"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION consultations_event_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the event log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER consultations_event_append_only BEFORE UPDATE OR DELETE
    ON consultations_event FOR EACH ROW EXECUTE FUNCTION consultations_event_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS consultations_event_append_only ON consultations_event;",
    "DROP FUNCTION IF EXISTS consultations_event_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
