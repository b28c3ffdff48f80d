"""The office roles' statistics are kept fresh on PostgreSQL (migration accounts 0008): stale,
they made the planner walk every user to find an office's officers."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_analyses_the_office_roles_after_every_change():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL table setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'accounts_officerole'")
        (options,) = cursor.fetchone()
    assert set(options) >= {
        "autovacuum_analyze_threshold=0",
        "autovacuum_analyze_scale_factor=0",
    }
