"""A real SQLite file database, driven by separate processes that run the project's own settings
(WAL, IMMEDIATE transactions, the busy timeout), as `make run` does on one machine.

The test database of pytest-django lives in memory inside the test process, so it cannot show
what several processes writing one file do. The tests build a file here instead:

    python -m konsultasi.consultations.tests.file_database setup
        migrate and load the reference office through the management commands, then add the
        stakeholders the tests submit as;
    python -m konsultasi.consultations.tests.file_database submit USERNAME COUNT [TOKEN]
        get ready, print READY, wait for a line on stdin, then submit COUNT questions as that
        stakeholder (with TOKEN as the client token, if given) and print their [id, number]
        pairs as JSON.

Every process finds the file through KONSULTASI_VAR_DIR (see `environment`)."""

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FILE_NAME = "konsultasi.sqlite3"
READY = "READY"
STAKEHOLDER = "satker"  # of the reference office


def environment(var_dir: Path) -> dict[str, str]:
    """The environment of a process working on the file database under `var_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "KONSULTASI_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "konsultasi.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def start(var_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", __name__, *args],
        cwd=ROOT,
        env=environment(var_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def build(var_dir: Path, timeout: float = 120) -> Path:
    """Migrate and load a new file database under `var_dir`; return the file."""
    done = subprocess.run(
        [sys.executable, "-m", __name__, "setup"],
        cwd=ROOT,
        env=environment(var_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return var_dir / FILE_NAME


def copy(template: Path, var_dir: Path) -> Path:
    """A copy of a built database under `var_dir`, for one test to write in."""
    var_dir.mkdir(parents=True, exist_ok=True)
    target = var_dir / FILE_NAME
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copied:
        source.backup(copied)
    return target


def query(path: Path, sql: str, *params) -> list[tuple]:
    """Read the file directly, with no Django in between."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql, params).fetchall()


def _setup() -> None:
    from django.core.management import call_command
    from django.db import connections

    from konsultasi.accounts.models import StakeholderProfile, User, WorkUnit
    from konsultasi.offices.models import Office

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference_data", verbosity=0)
    StakeholderProfile.objects.create(
        office=Office.objects.get(slug="pekanbaru"),
        user=User.objects.create_user(username=STAKEHOLDER, password=None),
        full_name="Bendahara Satker Uji",
        work_unit=WorkUnit.objects.create(code="012345", name="Satker Uji"),
        email="satker@example.invalid",
    )
    connections.close_all()  # checkpoint the WAL into the file before it is copied


def _submit(username: str, count: int, token: str | None) -> None:
    from konsultasi.accounts.models import User
    from konsultasi.consultations import services

    user = User.objects.select_related("stakeholder_profile__office").get(username=username)
    office = user.stakeholder_profile.office
    print(READY, flush=True)
    sys.stdin.readline()  # everyone starts at once
    submitted = [
        services.submit_question(
            actor=user,
            office=office,
            subject=f"{username} {os.getpid()} #{i}",
            question="Kapan SP2D kami terbit?",
            client_token=token,
        )
        for i in range(count)
    ]
    print(json.dumps([[c.pk, c.number] for c in submitted]), flush=True)


if __name__ == "__main__":
    import django

    django.setup()
    command, *args = sys.argv[1:]
    if command == "setup":
        _setup()
    elif command == "submit":
        _submit(args[0], int(args[1]), args[2] if len(args) > 2 else None)
    else:
        sys.exit(f"unknown command {command!r}")
