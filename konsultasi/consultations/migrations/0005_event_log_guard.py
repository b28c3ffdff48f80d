"""SQLite refuses deletes from the event log too, as PostgreSQL has since 0002.

The test runner empties the database between transactional tests with `flush`, which on
SQLite deletes row by row (PostgreSQL truncates, which row triggers do not see). So the
delete guard steps aside only while `consultations_event_flush` holds a row, and only the
`flush` command of this app writes one: inside the transaction that empties the database,
removed before that transaction commits, so no other connection ever sees it.

Mind for later migrations: on SQLite, altering a column of Event rebuilds the table and drops
every trigger on it, silently. Such a migration must create both triggers again (0002's
update guard and this delete guard); `test_the_guard_triggers_exist_after_all_migrations`
fails until it does."""

from django.db import migrations

FORWARD = [
    # Not a model: Django's flush must never empty it, and nothing else may write to it.
    "CREATE TABLE consultations_event_flush (id integer NOT NULL PRIMARY KEY CHECK (id = 1));",
    """CREATE TRIGGER consultations_event_no_delete BEFORE DELETE ON consultations_event
    WHEN NOT EXISTS (SELECT 1 FROM consultations_event_flush)
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;""",
]
REVERSE = [
    "DROP TRIGGER IF EXISTS consultations_event_no_delete;",
    "DROP TABLE IF EXISTS consultations_event_flush;",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_clocks_due_and_next_alert")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
