"""Django settings for the benchmarks: the project's own settings, pointed at a benchmark
database (`BENCH_DATABASE_URL`) with the production connection options: on SQLite WAL,
IMMEDIATE transactions and the busy timeout (how long an officer's write waits behind the sweep
depends on them), on PostgreSQL prepared statements and the connection health check."""

import os

from konsultasi.settings import *  # noqa: F403
from konsultasi.settings import BASE_DIR, database_from_environment

_url = os.environ["BENCH_DATABASE_URL"]
if _url.startswith("sqlite:"):
    os.environ.pop("DATABASE_URL", None)  # else the project would hand us its PostgreSQL
    DATABASES = {
        "default": {
            **database_from_environment(),
            "NAME": BASE_DIR / _url.removeprefix("sqlite:///"),
        }
    }
else:
    os.environ["DATABASE_URL"] = _url
    DATABASES = {"default": database_from_environment()}
