"""What the benchmark scripts share: sizes, the data set's fixed "now", Django set-up against a
benchmark database, the databases themselves (create, drop, copy) and the data set's label."""

import json
import os
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
SIZES = {"quick": 50_000, "full": 1_000_000}

# The data set is generated as it stands at this instant (a Tuesday morning in office hours,
# no holiday near), and measurements travel the clock here: rerunning them weeks later finds
# the same consultations due.
ANCHOR = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

# Bump when the generator changes what it writes: a data set of an older version is rebuilt.
GENERATOR_VERSION = 4


def parse_size(text: str) -> int:
    size = SIZES.get(text) or int(text.replace("_", ""))
    if size < 100:
        raise SystemExit("--size must be quick, full or a number of at least 100")
    return size


def size_label(size: int) -> str:
    return next((name for name, n in SIZES.items() if n == size), str(size))


def default_sqlite_url(size: int) -> str:
    return f"sqlite:///var/bench/bench_{size_label(size)}.sqlite3"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite:")


def vendor_name(url: str) -> str:
    return "sqlite" if is_sqlite(url) else "postgresql"


def setup_django(database_url: str) -> None:
    """Django with the project's settings on the benchmark database. DEBUG stays off: with it
    Django would keep every query, and the measurements would measure that too."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


# --- the databases ------------------------------------------------------------------------


def python_yardstick_ms() -> float:
    """The CPU milliseconds of a fixed pure-Python loop, the best of five. The machine this
    runs on is shared and its speed moves between sessions (the same code and data measured
    1.5 to 2 times slower on one day than on another): figures of two runs compare only with
    their yardsticks beside them."""
    best = float("inf")
    for _ in range(5):
        began, total = time.process_time(), 0
        for i in range(2_000_000):
            total += i * i
        best = min(best, time.process_time() - began)
    return round(best * 1000, 1)


def backend_cpu_seconds(connection) -> float:
    """CPU seconds this Django connection's PostgreSQL backend has used so far (the server runs
    on this machine: /proc/PID/schedstat, in nanoseconds); 0 on SQLite, whose engine runs in our
    own process."""
    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def sqlite_path(url: str) -> Path:
    return ROOT / url.removeprefix("sqlite:///")


def _pg_parts(url: str) -> tuple[str, str]:
    """(URL of the server's maintenance database, name of the benchmark database)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return maintenance, name


def pg_admin(url: str, statement: str, params: tuple = ()) -> list | None:
    """One statement on the server's maintenance database (CREATE and DROP DATABASE cannot
    run inside a transaction, nor connected to the database concerned)."""
    import psycopg

    maintenance, _ = _pg_parts(url)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def database_exists(url: str) -> bool:
    if is_sqlite(url):
        return sqlite_path(url).exists()
    _, name = _pg_parts(url)
    return bool(pg_admin(url, "SELECT 1 FROM pg_database WHERE datname = %s", (name,)))


def postgres_version(url: str) -> str:
    rows = pg_admin(url, "SHOW server_version")
    return rows[0][0].split()[0] if rows else "?"


def create_database(url: str) -> None:
    if is_sqlite(url):
        sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
    elif not database_exists(url):
        pg_admin(url, f'CREATE DATABASE "{_pg_parts(url)[1]}"')


def drop_database(url: str) -> None:
    if is_sqlite(url):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path(url)}{suffix}").unlink(missing_ok=True)
    else:
        pg_admin(url, f'DROP DATABASE IF EXISTS "{_pg_parts(url)[1]}" WITH (FORCE)')


def copy_database(url: str, suffix: str = "_run") -> str:
    """A working copy of a generated data set, so that measurements which change data (the
    sweep records alerts and closes consultations) can be rerun on the same data."""
    if is_sqlite(url):
        source = sqlite_path(url)
        _checkpoint_sqlite(source)
        target = source.with_name(f"{source.stem}{suffix}{source.suffix}")
        target_url = f"sqlite:///{target.relative_to(ROOT)}"
        drop_database(target_url)
        shutil.copyfile(source, target)
        return target_url
    _, name = _pg_parts(url)
    target_url = url.rsplit("/", 1)[0] + f"/{name}{suffix}"
    drop_database(target_url)
    # PostgreSQL 15 copies through shared buffers and writes every block to the WAL by default
    # (3 GB at 1,000,000): the checkpoints and dirty buffers that follow land on the backends
    # being measured. FILE_COPY checkpoints once and copies the files.
    version = pg_admin(url, "SHOW server_version_num")[0][0]  # type: ignore[index]
    strategy = " STRATEGY = FILE_COPY" if int(version) >= 150000 else ""
    pg_admin(url, f'CREATE DATABASE "{name}{suffix}" TEMPLATE "{name}"{strategy}')
    return target_url


def _checkpoint_sqlite(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


# --- the data set's label, kept in the database it describes -------------------------------

LABEL_TABLE = "bench_dataset"


def read_label(connection) -> dict:
    """What generated the data in this database ({} when nothing finished generating)."""
    if LABEL_TABLE not in connection.introspection.table_names():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {LABEL_TABLE} WHERE name = 'label'")  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else {}


def write_label(connection, label: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {LABEL_TABLE} (name varchar(40) PRIMARY KEY, value text)"
        )
        cursor.execute(f"DELETE FROM {LABEL_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {LABEL_TABLE} (name, value) VALUES ('label', %s)",  # noqa: S608
            [json.dumps(label)],
        )


def code_migrations() -> list[str]:
    """The project's migrations on disk, so a data set made before a new one is rebuilt."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)
