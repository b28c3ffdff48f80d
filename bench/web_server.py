"""The web server the benchmarks measure (web.py): gunicorn as in production on a working copy
of the data set, its CPU and memory, and the officers signed in through the sign-in page."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import common, load

PASSWORD = "bench-Officer-2026"  # noqa: S105 - set on a throw-away copy of generated data
# What the README recommends per two cores: two sync workers, one process per core, each taking
# a request only when idle. gthread workers (--threads N) accept connections while their threads
# are busy, so two officers' keep-alive connections often share one process and its GIL: at
# 1,000,000 on SQLite 2 x 2 threads gave inbox p95 33 or 75 ms depending on where the two
# connections landed, and 105 submissions/s; 2 sync workers 30 ms and 139/s (bench/README.md).
WORKERS, THREADS = 2, 0
REDIS_URL = "redis://127.0.0.1:6379/14"


# --- the server -----------------------------------------------------------------------------


def server_environment(work_url: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": work_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_COOKIES": "0",  # plain HTTP on 127.0.0.1
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    env.pop("DATABASE_URL", None)
    # As in production, the workers count the API's rate limit in one Redis (when this machine
    # has one); the limit itself is lifted, since the benchmark measures capacity, not policy.
    cache_url = env.get("BENCH_CACHE_URL", REDIS_URL)
    if _reachable(cache_url):
        env["KONSULTASI_CACHE_URL"] = cache_url
    env["KONSULTASI_API_RATE_LIMIT"] = "1000000000"
    return env


def _reachable(redis_url: str) -> bool:
    address = redis_url.split("://", 1)[-1].split("/", 1)[0]
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as in production (sync workers; `threads` > 0: gthread), on 127.0.0.1 only."""

    def __init__(self, work_url: str, port: int, workers: int = WORKERS, threads: int = THREADS):
        self.work_url, self.port = work_url, port
        self.workers_count, self.threads = workers, threads
        self.process: subprocess.Popen | None = None
        self.log = common.VAR / "web-server.log"

    def start(self) -> None:
        env = server_environment(self.work_url)
        # The manifest whitenoise serves from (DEBUG off: the production storage).
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            cwd=common.ROOT,
            env=env,
        )
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "bench.anchored_wsgi:application", "--bind"]
        command += [f"127.0.0.1:{self.port}", "--workers", str(self.workers_count)]
        if self.threads:
            command += ["--threads", str(self.threads), "--worker-class", "gthread"]
        else:
            command += ["--worker-class", "sync"]
        command += ["--log-level", "warning", "--timeout", "120"]
        common.VAR.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the pinned gunicorn of the venv
                command, cwd=common.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log}")
            try:
                answer = load.Client("127.0.0.1", self.port, timeout=30).get("/login/")
            except OSError:
                time.sleep(0.5)
                continue
            if answer.status == 200:
                pid = self.process.pid
                print(f"  gunicorn on 127.0.0.1:{self.port}, pid {pid}", file=sys.stderr)
                return
            raise RuntimeError(f"/login/ answered {answer.status}; see {self.log}")
        raise RuntimeError(f"gunicorn did not answer within 120 s; see {self.log}")

    def describe(self) -> str:
        if self.threads:
            return f"gunicorn {self.workers_count} workers x {self.threads} threads (gthread)"
        return f"gunicorn {self.workers_count} sync workers"

    def workers(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def cpu_since(self, before: dict[int, float]) -> float:
        """CPU used since the snapshot `before`; a process that ended meanwhile (a database
        connection past its age) takes its last part with it, so this errs low, by little."""
        now = self.cpu_snapshot()
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in now.items())

    def cpu_snapshot(self) -> dict[int, float]:
        """CPU time the workers and their database have used so far (user + system): what a
        page costs the server side, steadier than wall time on a shared machine. With SQLite
        the engine is in the workers; on PostgreSQL the backends serving the copy are added
        (the same machine; their connections persist, so the same processes)."""
        pids = self.workers()
        if not common.is_sqlite(self.work_url):
            name = self.work_url.rsplit("/", 1)[1]
            rows = common.pg_admin(
                self.work_url, "SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)
            )
            pids += [row[0] for row in rows or []]
        used = {}
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except FileNotFoundError:  # a backend that ended meanwhile
                continue
            fields = stat.rsplit(")", 1)[1].split()
            # utime and stime (fields 14 and 15 of proc(5)), in clock ticks
            used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return used

    def memory(self) -> dict:
        """Each worker's peak resident memory so far (VmHWM), and now (VmRSS)."""
        peaks, now = [], []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text().splitlines()
            fields = dict(line.split(":", 1) for line in status if ":" in line)
            peaks.append(round(int(fields["VmHWM"].split()[0]) / 1024, 1))  # kB
            now.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
        return {
            "worker_rss_mb": max(peaks) if peaks else None,
            "worker_rss_each_mb": peaks,
            "worker_rss_now_mb": now,
        }

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop, workers too
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


# --- the officers, and the answers they get ------------------------------------------------


def sign_in_officers(server: Server, usernames: list[str]) -> list[load.Client]:
    clients = []
    for username in usernames:
        client = load.Client("127.0.0.1", server.port)
        load.sign_in(client, username, PASSWORD)
        clients.append(client)
    return clients


def check_run(run: load.Run, what: str) -> None:
    """A page that fails is no measurement: stop and say so (the server's log has why)."""
    failed = {status: n for status, n in run.statuses().items() if status != 200}
    if failed or run.errors:
        raise RuntimeError(f"{what}: answers {failed}, errors {run.errors[:3]}")
