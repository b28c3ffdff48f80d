"""Django's `flush`, let past the event log's delete guard on SQLite.

The event log refuses deletes (migration 0005_event_log_guard). Emptying the whole database
is the one delete it allows: the test runner does it between transactional tests, and an
operator may reset a database. SQLite's flush deletes row by row, so this command opens the
guard inside the flush's own transaction and closes it again before the commit: no other
connection ever sees it open. PostgreSQL's flush truncates, which row triggers do not see,
so there Django's command runs unchanged."""

from django.core.management.commands import flush
from django.db import connections, transaction

GUARD = "consultations_event_flush"

PROMPT = """You have requested a flush of the database.
This will IRREVERSIBLY DESTROY all data currently in the "%s" database,
and return each table to an empty state.
Are you sure you want to do this?

    Type 'yes' to continue, or 'no' to cancel: """


class Command(flush.Command):
    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        if connection.vendor != "sqlite" or GUARD not in connection.introspection.table_names():
            return super().handle(**options)
        # Asked before the transaction: on SQLite it holds the write lock from its first line.
        if options["interactive"] and input(PROMPT % connection.settings_dict["NAME"]) != "yes":
            self.stdout.write("Flush cancelled.")
            return None
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {GUARD} (id) VALUES (1)")  # noqa: S608 - constant
            super().handle(**{**options, "interactive": False})
            cursor.execute(f"DELETE FROM {GUARD}")  # noqa: S608 - constant
        return None
