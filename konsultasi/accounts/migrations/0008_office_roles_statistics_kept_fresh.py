"""PostgreSQL re-reads the office roles' statistics after every change, not after 50 changes
and a tenth of the table.

The roles table is small and changes rarely, so with the defaults its statistics stay stale
for months. A role given to a new account then holds a user id past the highest one those
statistics know, and the planner, believing every role's user lies among the first users,
merges the roles with the users' primary key and walks all of it: at 1,000,000 consultations
an office's officers took 3 ms (30 ms cold) instead of 0.05. Analysing a table of a few
hundred rows costs next to nothing; autovacuum does it within its next round (a minute)."""

from django.db import migrations

ANALYSE_AFTER_EVERY_CHANGE = (
    "ALTER TABLE accounts_officerole SET ("
    "autovacuum_analyze_threshold = 0, autovacuum_analyze_scale_factor = 0)"
)
ANALYSE_AS_DEFAULT = (
    "ALTER TABLE accounts_officerole RESET ("
    "autovacuum_analyze_threshold, autovacuum_analyze_scale_factor)"
)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_stakeholder_email_any_case")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": [ANALYSE_AFTER_EVERY_CHANGE]}),
            _run({"postgresql": [ANALYSE_AS_DEFAULT]}),
        )
    ]
