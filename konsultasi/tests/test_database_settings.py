"""The database connection as the settings make it: on PostgreSQL, statements the ORM sends
again and again are prepared on the server (unless a pooler forbids it)."""

import pytest
from django.db import connection

from konsultasi.accounts.models import User
from konsultasi.settings import database_from_environment

POSTGRES_URL = "postgres://someone@db.internal:5432/konsultasi"


def test_a_postgresql_connection_binds_on_the_server_and_prepares_repeated_statements(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    monkeypatch.delenv("KONSULTASI_PG_PREPARE", raising=False)
    options = database_from_environment()["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_behind_a_transaction_pooler_prepared_statements_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    monkeypatch.setenv("KONSULTASI_PG_PREPARE", "off")
    options = database_from_environment()["OPTIONS"]
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


@pytest.mark.django_db
def test_a_query_run_again_and_again_is_prepared_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(6):
        list(User.objects.filter(username="nobody").values_list("pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "accounts_user" WHERE "accounts_user"."username" = $1%'],
        )
        assert cursor.fetchone()[0] == 1
