"""Django settings for the benchmarks: the project's own settings, pointed at a benchmark
database (`BENCH_DATABASE_URL`). A SQLite benchmark keeps the production connection options
(WAL, IMMEDIATE transactions, the busy timeout), because how long an officer's write waits
behind the sweep depends on them."""

import os

import dj_database_url

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
    DATABASES = {"default": dict(dj_database_url.parse(_url, conn_max_age=60))}
