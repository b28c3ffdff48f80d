import shutil

import pytest
from django.db import connection

from konsultasi.consultations.tests import file_database


@pytest.fixture(scope="session")
def sqlite_file_template(tmp_path_factory):
    """One SQLite file migrated and loaded by a separate process, built once per session."""
    var_dir = tmp_path_factory.mktemp("sqlite-template")
    yield file_database.build(var_dir)
    shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture
def sqlite_file(request, tmp_path):
    """A fresh copy of the template for one test: the file its processes write to. Only in
    the SQLite run of the suite (the processes use SQLite whatever the suite runs on)."""
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite file of its own: runs in the SQLite pass of the suite")
    template = request.getfixturevalue("sqlite_file_template")
    path = file_database.copy(template, tmp_path / "var")
    yield path
    shutil.rmtree(path.parent, ignore_errors=True)
