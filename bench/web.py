"""Measure the web pages and the API through the real stack: gunicorn serving the project on
a working copy of a generated data set (see generate.py), and the load generator (`load.py`)
on the same machine.

    .venv/bin/python bench/web.py [--size quick|full|N | --database-url URL] [--json-out FILE]

(a) officers of the busiest office sign in through the sign-in page; the inbox's first page
    per saved view (and unfiltered), then the consultation workspace of a sample of the
    office's consultations, with `--officers` officers at once: medians and p95s;
(b) API submissions (`POST /api/v1/consultations`) from 20 concurrent clients, a fixed number
    of them: requests per second and p95 (null, with the reason, while the endpoint or the
    `create_api_key` command does not exist), the server's and the load generator's CPU
    per submission;
(c) portal submissions: 20 stakeholders signed in through the sign-in page post the ask form
    (multipart, with its CSRF token) the same number of times: per second, p95, CPU;
(d) the peak resident memory of each web worker after all that (VmHWM in /proc).

The server runs with the clock at the data set's anchor (`anchored_wsgi.py`), DEBUG off and
the project's production storage for static files; it is stopped at the end, whatever
happens, and the working copy dropped."""

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, load

PASSWORD = "bench-Officer-2026"  # noqa: S105 - set on a throw-away copy of generated data
# What the README recommends per two cores: two processes of two threads. Measured against
# 2 x 4, 2 x 1, 3 x 1 and 4 x 1 (bench/README.md): fewer threads per process lose less to
# the GIL, and a second thread keeps a process busy while the other waits on the database.
WORKERS, THREADS = 2, 2
SUBMISSION_CLIENTS = 20
ASK_PATH = "/tanya/"
API_PATH = "/api/v1/consultations"
API_KEY_OPTIONS = ["--name", "benchmark", "--scopes", "all"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="quick", help="quick, full or N (for the SQLite file)")
    parser.add_argument("--database-url", help="the generated data set; default SQLite of --size")
    parser.add_argument("--rounds", type=int, default=20, help="inbox requests per saved view")
    parser.add_argument("--workspaces", type=int, default=60, help="workspace requests")
    parser.add_argument("--officers", type=int, default=2, help="concurrent officers")
    parser.add_argument("--searches", type=int, default=150, help="library searches")
    parser.add_argument("--suggestions", type=int, default=60, help="suggestion panels")
    parser.add_argument("--submissions", type=int, default=1000, help="API and portal ones")
    parser.add_argument("--submissions-only", action="store_true", help="skip the pages")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per worker")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--keep-copy", action="store_true", help="keep the working copy")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    url = args.database_url or common.default_sqlite_url(common.parse_size(args.size))
    results = measure(url, args)
    text = json.dumps(results, indent=2)
    if args.json_out:
        args.json_out.write_text(text + "\n")
    print(text)


def measure(url: str, args) -> dict:
    if not common.database_exists(url):
        raise SystemExit(f"no data set at {url}: run bench/generate.py first")
    work_url = common.copy_database(url, "_web")
    common.setup_django(work_url)
    from django.db import connection

    server = None
    try:
        people = _prepare(args.officers, args.workspaces)
        sample = _library_sample(people["office"], args.suggestions + LIBRARY_WARM)
        people["suggest_numbers"] = sample[: args.suggestions]
        people["suggest_warm"] = sample[args.suggestions :]
        keys, why_not = _api_keys(work_url, people["api_offices"])
        askers = _portal_askers(people["api_offices"], SUBMISSION_CLIENTS)
        size = common.read_label(connection).get("size")
        connection.close()  # the server's workers are the only ones using the copy now
        server = Server(work_url, args.port or _free_port(), args.workers, args.threads)
        server.start()
        results: dict = {"size": size}
        if not args.submissions_only:
            results |= _pages(server, people, args)
            results |= _library(server, people, args)
        results |= _submissions(server, keys, why_not, args.submissions)
        results |= _portal_submissions(server, askers, args.submissions)
        results["web_server"] = f"gunicorn {args.workers} workers x {args.threads} threads"
        results |= server.memory()
        return results
    finally:
        if server is not None:
            server.stop()
        connection.close()
        if not args.keep_copy:
            common.drop_database(work_url)


# --- who signs in and what they open --------------------------------------------------------


def _prepare(officers: int, workspaces: int) -> dict:
    """The busiest office (most open consultations), its officers with the most open
    consultations of their own (so "Mine" is not empty) given a password, and a sample of its
    consultations to open: mostly open ones, some closed."""
    from django.db.models import Count

    from konsultasi.accounts.models import OfficeRole, Role, User
    from konsultasi.consultations.models import OPEN_STATUSES, Consultation
    from konsultasi.offices.models import Office

    open_ones = Consultation.objects.filter(status__in=OPEN_STATUSES)
    busiest = open_ones.values("office").annotate(n=Count("pk")).order_by("-n", "office").first()
    office = Office.objects.get(pk=busiest["office"])
    staff = OfficeRole.objects.filter(office=office, role=Role.OFFICER).values("user")
    chosen = list(
        User.objects.filter(pk__in=staff)
        .annotate(mine=Count("assigned_consultations", filter=_open_filter()))
        .order_by("-mine", "pk")[:officers]
    )
    for user in chosen:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    rng = random.Random(20261124)  # noqa: S311 - the same sample on both databases
    open_numbers = list(
        open_ones.filter(office=office).order_by("pk").values_list("number", flat=True)
    )
    closed_ids = Consultation.objects.filter(office=office).exclude(status__in=OPEN_STATUSES)
    closed_ids = closed_ids.order_by("-pk").values_list("number", flat=True)[:5000]
    numbers = rng.sample(open_numbers, min(len(open_numbers), workspaces * 2 // 3))
    numbers += rng.sample(list(closed_ids), min(len(closed_ids), workspaces - len(numbers)))
    busiest_offices = (
        Consultation.objects.values("office__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "office__slug")[:5]
    )
    print(
        f"  office {office.slug} ({busiest['n']:,} open); officers "
        f"{', '.join(u.username for u in chosen)}; {len(numbers)} workspaces to open",
        file=sys.stderr,
    )
    return {
        "office": office.slug,
        "office_open": busiest["n"],
        "usernames": [u.username for u in chosen],
        "numbers": numbers,
        "api_offices": [row["office__slug"] for row in busiest_offices],
    }


def _open_filter():
    from django.db.models import Q

    from konsultasi.consultations.models import OPEN_STATUSES

    return Q(assigned_consultations__status__in=OPEN_STATUSES)


def _api_keys(work_url: str, offices: list[str]) -> tuple[list[str], str | None]:
    """One API key per office, by the project's own command (its last line is the key)."""
    keys = []
    for slug in offices:
        made = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "create_api_key", slug, *API_KEY_OPTIONS],
            capture_output=True,
            text=True,
            cwd=common.ROOT,
            env=_server_environment(work_url),
        )
        lines = made.stdout.strip().splitlines()
        if made.returncode != 0 or not lines:
            problem = (made.stderr.strip().splitlines() or ["no output"])[0]
            return [], f"create_api_key failed: {problem}"
        keys.append(lines[-1].strip())
    return keys, None


# --- the server -----------------------------------------------------------------------------


def _server_environment(work_url: str) -> dict:
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
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as in production (sync workers with threads), on 127.0.0.1 only."""

    def __init__(self, work_url: str, port: int, workers: int = WORKERS, threads: int = THREADS):
        self.work_url, self.port = work_url, port
        self.workers_count, self.threads = workers, threads
        self.process: subprocess.Popen | None = None
        self.log = common.VAR / "web-server.log"

    def start(self) -> None:
        env = _server_environment(self.work_url)
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
        command += ["--threads", str(self.threads), "--worker-class", "gthread"]
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


# --- the measurements -----------------------------------------------------------------------


def _officers(server: Server, usernames: list[str]) -> list[load.Client]:
    clients = []
    for username in usernames:
        client = load.Client("127.0.0.1", server.port)
        load.sign_in(client, username, PASSWORD)
        clients.append(client)
    return clients


def _pages(server: Server, people: dict, args) -> dict:
    from konsultasi.consultations.selectors import InboxView

    clients = _officers(server, people["usernames"])
    views = ["all", *(view.value for view in InboxView)]

    def inbox(view: str) -> load.Request:
        query = "" if view == "all" else f"?view={view}"
        return load.Request("GET", f"/desk/kotak-masuk/{query}", label=view)

    # Warm up: every view and a few workspaces once per client (the first request of a
    # worker compiles templates and fills the caches).
    load.run(clients, [inbox(v) for v in views for _ in clients])
    numbers = people["numbers"]
    warm = [load.Request("GET", f"/desk/k/{n}/", label="workspace") for n in numbers[:4]]
    load.run(clients, warm * 2)

    # Round-robin over the views, so each view meets the same conditions.
    load_began, cpu_began = os.getloadavg()[0], server.cpu_snapshot()
    inbox_run = load.run(clients, [inbox(v) for _ in range(args.rounds) for v in views])
    inbox_cpu = server.cpu_since(cpu_began) / max(1, len(inbox_run.outcomes))
    pages = [
        load.Request("GET", f"/desk/k/{numbers[i % len(numbers)]}/", label="workspace")
        for i in range(args.workspaces)
    ]
    cpu_began = server.cpu_snapshot()
    workspace_run = load.run(clients, pages) if numbers else None
    workspace_cpu = server.cpu_since(cpu_began) / max(1, len(pages))
    _check(inbox_run, "inbox")
    per_view = {view: load.summary_ms(inbox_run.latencies(view)) for view in views}
    everything = load.summary_ms(inbox_run.latencies())
    workspace = load.summary_ms(workspace_run.latencies()) if workspace_run else {}
    if workspace_run:
        _check(workspace_run, "workspace")
    worst = max(views, key=lambda v: per_view[v]["p95"] or 0)
    print(
        f"  inbox: p50 {everything['p50']} ms, p95 {everything['p95']} ms over "
        f"{everything['n']} pages; slowest view {worst} (p95 {per_view[worst]['p95']} ms); "
        f"workspace: p50 {workspace.get('p50')} ms, p95 {workspace.get('p95')} ms; server CPU "
        f"per inbox page {inbox_cpu * 1000:.1f} ms, per workspace {workspace_cpu * 1000:.1f} ms; "
        f"load average {load_began:.1f}",
        file=sys.stderr,
    )
    return {
        "inbox_p50_ms": everything["p50"],
        "inbox_p95_ms": everything["p95"],
        "inbox_views_ms": per_view,
        "inbox_slowest_view": worst,
        "inbox_statuses": inbox_run.statuses(),
        "inbox_cpu_ms": round(inbox_cpu * 1000, 1),
        "workspace_cpu_ms": round(workspace_cpu * 1000, 1),
        "web_load_average": round(load_began, 1),
        "workspace_p50_ms": workspace.get("p50"),
        "workspace_p95_ms": workspace.get("p95"),
        "workspace_max_ms": workspace.get("max"),
        "workspace_statuses": workspace_run.statuses() if workspace_run else {},
        "web_office": people["office"],
        "web_office_open": people["office_open"],
        "web_officers": len(clients),
        "web_server": f"gunicorn {WORKERS} workers x {THREADS} threads (gthread)",
    }


# --- the library: search as you type, and the workspace's answer suggestions ---------------

SEARCH_EVAL = Path(__file__).resolve().parent / "search_eval.jsonl"
LIBRARY_WARM = 10  # panels (and twice as many searches) to warm each run up
SEARCH_FIELDS = ("kind", "status", "service_type", "year")  # sent empty, as the form does


def _library_sample(office_slug: str, count: int) -> list[str]:
    """Open consultations of the busiest office whose panel the officers open, newest first
    (the ones an officer is answering now)."""
    from konsultasi.consultations.models import OPEN_STATUSES, Consultation

    numbers = Consultation.objects.filter(office__slug=office_slug, status__in=OPEN_STATUSES)
    return list(numbers.order_by("-pk").values_list("number", flat=True)[:count])


def _typed(question: str) -> list[str]:
    """What the desk's search box sends as the question is typed: the form asks again 300 ms
    after the typing pauses, which is at a word or two; here the half-typed question and the
    whole one."""
    words = question.split()
    half = " ".join(words[: max(2, len(words) // 2)])
    return [half, question] if half != question else [question]


def _search_request(query: str) -> load.Request:
    from urllib.parse import urlencode

    params = urlencode({"q": query, **dict.fromkeys(SEARCH_FIELDS, "")})
    headers = {
        "HX-Request": "true",
        "HX-Target": "library-results",
        "HX-Current-URL": "/desk/pustaka/",
    }
    return load.Request("GET", f"/desk/pustaka/?{params}", headers=headers, label="search")


def _suggest_request(number: str) -> load.Request:
    """What the workspace's placeholder fetches once the page is there (hx-trigger=load)."""
    headers = {"HX-Request": "true", "HX-Current-URL": f"/desk/k/{number}/"}
    return load.Request("GET", f"/desk/k/{number}/pustaka/saran/", headers=headers, label="suggest")


def _library(server: Server, people: dict, args) -> dict:
    """(a) the desk's library search as officers type stakeholders' questions (the lines of
    search_eval.jsonl: informal words, typos, acronyms), and (b) the answer-suggestions panel
    of open consultations of the busiest office; the same two officers at once."""
    questions = [json.loads(line)["question"] for line in SEARCH_EVAL.read_text().splitlines()]
    typed = [query for question in questions for query in _typed(question)]
    searches = [_search_request(typed[i % len(typed)]) for i in range(args.searches)]
    numbers = people["suggest_numbers"]
    panels = [_suggest_request(numbers[i % len(numbers)]) for i in range(args.suggestions)]
    clients = _officers(server, people["usernames"])
    # Warm up, as for the pages, with other questions and consultations than those measured:
    # a worker's first searches count the documents of the common words (kept 15 minutes).
    warm = [_search_request(q) for q in typed[-2 * LIBRARY_WARM :]]
    load.run(clients, warm + [_suggest_request(n) for n in people["suggest_warm"]])
    load_began, cpu_began = os.getloadavg()[0], server.cpu_snapshot()
    search_run = load.run(clients, searches)
    search_cpu = server.cpu_since(cpu_began) / max(1, len(searches))
    cpu_began = server.cpu_snapshot()
    suggest_run = load.run(clients, panels) if panels else None
    suggest_cpu = server.cpu_since(cpu_began) / max(1, len(panels))
    _check(search_run, "search")
    search = load.summary_ms(search_run.latencies())
    suggest = {}
    if suggest_run:
        _check(suggest_run, "suggest")
        suggest = load.summary_ms(suggest_run.latencies())
    print(
        f"  library search: p50 {search['p50']} ms, p95 {search['p95']} ms over {search['n']}; "
        f"suggestions: p50 {suggest.get('p50')} ms, p95 {suggest.get('p95')} ms over "
        f"{suggest.get('n')}; server CPU per search {search_cpu * 1000:.1f} ms, per panel "
        f"{suggest_cpu * 1000:.1f} ms; load average {load_began:.1f}",
        file=sys.stderr,
    )
    return {
        "search_p50_ms": search["p50"],
        "search_p95_ms": search["p95"],
        "search_cpu_ms": round(search_cpu * 1000, 1),
        "suggest_p50_ms": suggest.get("p50"),
        "suggest_p95_ms": suggest.get("p95"),
        "suggest_cpu_ms": round(suggest_cpu * 1000, 1),
        "library_load_average": round(load_began, 1),
    }


def _check(run: load.Run, what: str) -> None:
    """A page that fails is no measurement: stop and say so (the server's log has why)."""
    failed = {status: n for status, n in run.statuses().items() if status != 200}
    if failed or run.errors:
        raise RuntimeError(f"{what}: answers {failed}, errors {run.errors[:3]}")


def _submissions(server: Server, keys: list[str], why_not: str | None, count: int) -> dict:
    """`count` submissions from 20 concurrent API clients, spread over the offices' keys,
    each with its own Idempotency-Key (so each creates a consultation: every answer a 201)."""
    if why_not is None:
        probe = load.Client("127.0.0.1", server.port).send(_submission(keys[0], 0))
        if probe.status == 404:
            why_not = f"POST {API_PATH} answered 404 (no such endpoint yet)"
        elif probe.status != 201:
            why_not = f"POST {API_PATH} answered {probe.status}: {probe.body[:200]!r}"
        elif "number" not in _json_or_empty(probe.body):
            why_not = f"POST {API_PATH} answered 201 without a number: {probe.body[:200]!r}"
    if why_not is not None:
        print(f"  submissions not measured: {why_not}", file=sys.stderr)
        return {"submissions_per_s": None, "submissions_p95_ms": None, "submissions_why": why_not}
    warm = [_submission(keys[i % len(keys)], i) for i in range(1, 41)]
    load.run_fast("127.0.0.1", server.port, warm, clients=SUBMISSION_CLIENTS)
    requests = [_submission(keys[i % len(keys)], i) for i in range(100, 100 + count)]
    figures = _closed_loop(server, requests, "submissions", expected=201)
    return figures | {"submissions_count": count, "submissions_clients": SUBMISSION_CLIENTS}


def _closed_loop(server: Server, requests, name: str, *, expected: int) -> dict:
    """One measured run of the fast client: created per second, latencies, the server's CPU
    per request (workers, and PostgreSQL's backends), the client's own CPU per request."""
    load_began, cpu_began = os.getloadavg()[0], server.cpu_snapshot()
    if isinstance(requests[0], list):
        done = load.run_fast("127.0.0.1", server.port, requests)
    else:
        done = load.run_fast("127.0.0.1", server.port, requests, clients=SUBMISSION_CLIENTS)
    server_cpu = server.cpu_since(cpu_began)
    created = done.statuses().get(expected, 0)
    n = max(1, len(done.outcomes))
    summary = load.summary_ms(done.latencies())
    per_s = round(created / done.seconds, 1)
    print(
        f"  {name}: {created} of {n} answered {expected} in {done.seconds:.1f} s = {per_s}/s, "
        f"p50 {summary['p50']} ms, p95 {summary['p95']} ms; CPU per request: server "
        f"{server_cpu / n * 1000:.1f} ms, load generator {done.client_cpu_seconds / n * 1000:.2f}"
        f" ms; answers {done.statuses()}, errors {len(done.errors)}; load average "
        f"{load_began:.1f}",
        file=sys.stderr,
    )
    return {
        f"{name}_per_s": per_s,
        f"{name}_p50_ms": summary["p50"],
        f"{name}_p95_ms": summary["p95"],
        f"{name}_cpu_ms": round(server_cpu / n * 1000, 1),
        f"{name}_client_cpu_ms": round(done.client_cpu_seconds / n * 1000, 2),
        f"{name}_load_average": round(load_began, 1),
        f"{name}_statuses": done.statuses(),
        f"{name}_errors": len(done.errors),
    }


def _json_or_empty(body: bytes) -> dict:
    try:
        found = json.loads(body)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _submission(key: str, i: int) -> load.Request:
    payload = {
        "subject": f"Pertanyaan uji beban {i}",
        "question": "Bagaimana cara memperbaiki data supplier di SAKTI sebelum SPM diajukan?",
        "stakeholder": {"name": f"Bendahara Uji {i % 200}", "email": f"uji{i % 200}@satker.test"},
    }
    return load.json_request(API_PATH, payload, token=key, label="submission")


# --- portal submissions ---------------------------------------------------------------------


def _portal_askers(offices: list[str], count: int) -> list[dict]:
    """`count` stakeholders of those offices with a portal account (a third of them have one,
    bench/dataset/people.py), given a password on the working copy; with how each wants to
    be told of news, which the ask form sends back unchanged."""
    from django.contrib.auth.hashers import make_password

    from konsultasi.accounts.models import StakeholderProfile, User

    profiles = list(
        StakeholderProfile.objects.filter(
            office__slug__in=offices, user__isnull=False, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")[:count]
    )
    # One hash for all: hashing is the sign-in's cost, not the submission's.
    User.objects.filter(pk__in=[p.user_id for p in profiles]).update(
        password=make_password(PASSWORD)
    )
    return [
        {"username": p.user.username, "preferred_channel": p.preferred_channel} for p in profiles
    ]


def _portal_submissions(server: Server, askers: list[dict], count: int) -> dict:
    """`count` questions through the portal's ask form from 20 signed-in stakeholders at once
    (each its own session, CSRF token and keep-alive connection): every answer must be the
    redirect to the receipt. The receipt page itself is not fetched."""
    if len(askers) < SUBMISSION_CLIENTS:
        why = f"only {len(askers)} stakeholders with a portal account in the offices"
        print(f"  portal submissions not measured: {why}", file=sys.stderr)
        return {"portal_submissions_per_s": None, "portal_submissions_why": why}
    sessions = []
    for asker in askers:
        client = load.Client("127.0.0.1", server.port)
        load.sign_in(client, asker["username"], PASSWORD)
        form = client.get(ASK_PATH)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or token is None:
            raise RuntimeError(f"the ask form answered {form.status} to {asker['username']}")
        client.close()
        sessions.append((client.cookies, token[1].decode(), asker["preferred_channel"]))
    origin = f"http://127.0.0.1:{server.port}"

    def queues(first: int, total: int) -> list[list[load.Request]]:
        per = [[] for _ in sessions]
        for i in range(first, first + total):
            cookies, token, channel = sessions[i % len(sessions)]
            per[i % len(sessions)].append(_ask(i, cookies, token, channel, origin))
        return per

    load.run_fast("127.0.0.1", server.port, queues(0, 40))  # warm
    figures = _closed_loop(server, queues(100, count), "portal_submissions", expected=302)
    return figures | {"portal_submissions_count": count}


BOUNDARY = "----benchFormBoundary7MA4YWxkTrZu0gW"


def _ask(i: int, cookies: dict, token: str, channel: str, origin: str) -> load.Request:
    """The ask form as a browser posts it: multipart (the form takes files), no file chosen."""
    fields = {
        "csrfmiddlewaretoken": token,
        "subject": f"Pertanyaan dari portal {i}",
        "question": "Bagaimana cara memperbaiki data supplier di SAKTI sebelum SPM diajukan?",
        "service_type": "",
        "preferred_channel": channel,
        "client_token": f"bench-portal-{i}",
    }
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="documents"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
    )
    body = ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()
    return load.Request(
        "POST",
        ASK_PATH,
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": origin,
            "Referer": origin + ASK_PATH,
        },
        label="portal",
    )


if __name__ == "__main__":
    main()
