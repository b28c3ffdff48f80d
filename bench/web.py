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
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, load
from bench.web_library import LIBRARY_WARM, library_sample, measure_library
from bench.web_server import (
    PASSWORD,
    THREADS,
    WORKERS,
    Server,
    check_run,
    free_port,
    sign_in_officers,
)
from bench.web_submissions import (
    SUBMISSION_CLIENTS,
    api_keys,
    measure_portal_submissions,
    measure_submissions,
    portal_askers,
)


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
    parser.add_argument(
        "--threads", type=int, default=THREADS, help="threads per gthread worker (0: sync workers)"
    )
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
        sample = library_sample(people["office"], args.suggestions + LIBRARY_WARM)
        people["suggest_numbers"] = sample[: args.suggestions]
        people["suggest_warm"] = sample[args.suggestions :]
        keys, why_not = api_keys(work_url, people["api_offices"])
        askers = portal_askers(people["api_offices"], SUBMISSION_CLIENTS)
        size = common.read_label(connection).get("size")
        connection.close()  # the server's workers are the only ones using the copy now
        server = Server(work_url, args.port or free_port(), args.workers, args.threads)
        server.start()
        results: dict = {"size": size}
        if not args.submissions_only:
            results |= _pages(server, people, args)
            results |= measure_library(server, people, args)
        results |= measure_submissions(server, keys, why_not, args.submissions)
        results |= measure_portal_submissions(server, askers, args.submissions)
        results["web_server"] = server.describe()
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


def _pages(server: Server, people: dict, args) -> dict:
    from konsultasi.consultations.selectors import InboxView

    clients = sign_in_officers(server, people["usernames"])
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
    check_run(inbox_run, "inbox")
    per_view = {view: load.summary_ms(inbox_run.latencies(view)) for view in views}
    everything = load.summary_ms(inbox_run.latencies())
    workspace = load.summary_ms(workspace_run.latencies()) if workspace_run else {}
    if workspace_run:
        check_run(workspace_run, "workspace")
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
        "websign_in_officers": len(clients),
    }


if __name__ == "__main__":
    main()
