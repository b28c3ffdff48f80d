"""Two kiosks and several officers at once on the one-machine set-up: separate processes on
one SQLite file (WAL, IMMEDIATE transactions), as `make run` has it. The test database of
the SQLite run lives in memory and cannot be shared between processes, so these races use a
file of their own; on the PostgreSQL run, test_queue_races.py races threads instead."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the one-machine set-up runs on SQLite; PostgreSQL races threads instead")


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory):
    """The environment of a fresh SQLite file with the reference office, 4 officers and
    4 counters."""
    var_dir = tmp_path_factory.mktemp("queue-race")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "KONSULTASI_VAR_DIR": str(var_dir),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "race-only",
    }
    run(env, "setup")
    return env, var_dir


def run(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "konsultasi.walkins.tests.race_worker", *args],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def race(env, var_dir: Path, name: str, jobs: list[list[str]]) -> list[list[int]]:
    start = var_dir / f"start-{name}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "konsultasi.walkins.tests.race_worker", *job, str(start)],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    start.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_kiosks_and_officers_on_one_sqlite_file_never_share_a_number(sqlite_file):
    env, var_dir = sqlite_file

    taken = race(env, var_dir, "kiosks", [["kiosk", "5"]] * 4)
    called = race(env, var_dir, "officers", [["officer", f"cso{i}"] for i in range(4)])

    assert sorted(n for numbers in taken for n in numbers) == list(range(1, 21))
    assert all(numbers == sorted(numbers) for numbers in taken)
    assert sorted(n for numbers in called for n in numbers) == list(range(1, 21))
