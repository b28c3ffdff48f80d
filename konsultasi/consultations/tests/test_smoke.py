"""A new one-machine installation, made the way `make run` makes it: a fresh SQLite file,
migrated and loaded through the management commands by a separate process running the
project's own settings (not the test runner's in-memory database)."""

from django.db.migrations.loader import MigrationLoader

from konsultasi.consultations.tests.file_database import query


def test_every_migration_applies_to_a_fresh_file(sqlite_file):
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = set(query(sqlite_file, "SELECT app, name FROM django_migrations"))
    assert on_disk - applied == set()


def test_the_file_is_in_wal_mode_so_readers_do_not_wait_for_the_writer(sqlite_file):
    assert query(sqlite_file, "PRAGMA journal_mode") == [("wal",)]


def test_loading_the_reference_data_gives_the_office_everything_intake_needs(sqlite_file):
    [(office_id, prefix, zone)] = query(
        sqlite_file,
        "SELECT id, number_prefix, time_zone FROM offices_office WHERE slug = 'pekanbaru'",
    )
    assert (prefix, zone) == ("PKU", "Asia/Jakarta")
    hours = query(
        sqlite_file, "SELECT weekday FROM offices_workinghours WHERE office_id = ?", office_id
    )
    assert sorted(weekday for (weekday,) in hours) == [0, 1, 2, 3, 4]
    channels = query(sqlite_file, "SELECT kind FROM offices_channel WHERE is_active")
    assert {"online", "walk_in"} <= {kind for (kind,) in channels}
    types = query(
        sqlite_file, "SELECT code FROM offices_servicetype WHERE office_id = ?", office_id
    )
    assert ("sp2d",) in types


def test_the_event_log_guards_are_in_the_file(sqlite_file):
    triggers = query(
        sqlite_file,
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        "consultations_event",
    )
    assert sorted(triggers) == [
        ("consultations_event_no_delete",),
        ("consultations_event_no_update",),
    ]
