"""Where one submission spends its CPU: `POST /api/v1/consultations` (an office's integration
key) and the portal's ask form (a signed-in stakeholder), requested in process through the
WSGI handler with the clock at the anchor, on a working copy of a generated data set (the
copy is dropped afterwards).

    .venv/bin/python bench/profile_submission.py [--size quick | --database-url URL]
        [--count 200] [--top 30] [--only api|portal] [--profile]

Per kind: the CPU of this process per submission (`time.process_time`; SQLite's engine runs
in it) plus, on PostgreSQL, the CPU of the backend serving it (/proc); the queries of one
submission, listed; with `--profile` a cProfile of the whole run (cumulative, then own time).
Every answer must be the success (201, or the portal's redirect to the receipt)."""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

API_PATH = "/api/v1/consultations"
ASK_PATH = "/tanya/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="quick")
    parser.add_argument("--database-url")
    parser.add_argument("--count", type=int, default=200, help="submissions per kind")
    parser.add_argument("--top", type=int, default=30, help="functions shown per ordering")
    parser.add_argument("--only", choices=["api", "portal"])
    parser.add_argument("--profile", action="store_true", help="print a cProfile per kind")
    parser.add_argument(
        "--pyinstrument", action="store_true", help="a sampling profile instead (if installed)"
    )
    parser.add_argument("--dump", help="with --profile: write the stats here (KIND added)")
    parser.add_argument("--sql", action="store_true", help="print the queries of one")
    parser.add_argument(
        "--sql-width", type=int, default=240, help="characters of each query printed"
    )
    args = parser.parse_args()
    url = args.database_url or common.default_sqlite_url(common.parse_size(args.size))
    if not common.database_exists(url):
        raise SystemExit(f"no data set at {url}: run bench/generate.py first")
    # Its own copy per run: two people profiling the same data set must not drop each other's.
    work_url = common.copy_database(url, f"_prof{os.getpid()}")
    try:
        common.setup_django(work_url)
        results = _measure(args)
    finally:
        from django.db import connection

        connection.close()
        common.drop_database(work_url)
    print(json.dumps(results, indent=2))


def _measure(args) -> dict:
    import time_machine
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    if os.environ.get("LEAN"): settings.MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "konsultasi.language.ChosenLanguageMiddleware", "django.middleware.common.CommonMiddleware"]
    settings.API_RATE_LIMIT = 10**9  # one key sends them all here
    # DEBUG is off: the pages use the production static storage, which needs its manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    results = {}
    with time_machine.travel(common.ANCHOR, tick=True):
        kinds = [args.only] if args.only else ["api", "portal"]
        for kind in kinds:
            send = _api_sender() if kind == "api" else _portal_sender()
            results[kind] = _run(kind, send, args)
    return results


def _run(kind: str, send, args) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(20):  # warm: caches, templates, and the 20 stakeholders the API names
        send(f"warm-{i}")
    with CaptureQueriesContext(connection) as captured:
        send("counted")
    queries = captured.captured_queries
    backend_before, began = common.backend_cpu_seconds(connection), time.process_time()
    wall = time.perf_counter()
    # CPU time, not wall: waiting on the database is the backend's, measured apart.
    profile = cProfile.Profile(time.process_time) if args.profile else None
    sampler = None
    if args.pyinstrument:
        from pyinstrument import Profiler

        sampler = Profiler(interval=0.0005)
        sampler.start()
    if profile:
        profile.enable()
    for i in range(args.count):
        send(f"run-{i}")
    if profile:
        profile.disable()
    if sampler:
        sampler.stop()
        print(sampler.output_text(unicode=False, color=False, show_all=False), file=sys.stderr)
    cpu = time.process_time() - began
    wall = time.perf_counter() - wall
    backend = common.backend_cpu_seconds(connection) - backend_before
    per = (cpu + backend) / args.count * 1000
    print(
        f"\n== {kind}: {args.count} submissions, {per:.1f} ms CPU each "
        f"(this process {cpu / args.count * 1000:.1f}, database backend "
        f"{backend / args.count * 1000:.1f}), wall {wall / args.count * 1000:.1f} ms each, "
        f"{len(queries)} queries",
        file=sys.stderr,
    )
    if args.sql:
        for q in queries:
            sql = q["sql"][: args.sql_width]
            print(f"  {float(q['time']) * 1000:6.2f} ms  {sql}", file=sys.stderr)
    if profile:
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        if args.dump:
            stats.dump_stats(f"{args.dump}.{kind}")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(out.getvalue(), file=sys.stderr)
    return {
        "cpu_ms": round(per, 2),
        "process_cpu_ms": round(cpu / args.count * 1000, 2),
        "backend_cpu_ms": round(backend / args.count * 1000, 2),
        "queries": len(queries),
        "count": args.count,
    }


def _busiest_office():
    from django.db.models import Count

    from konsultasi.consultations.models import Consultation
    from konsultasi.offices.models import Office

    row = (
        Consultation.objects.values("office")
        .annotate(n=Count("pk"))
        .order_by("-n", "office")
        .first()
    )
    return Office.objects.get(pk=row["office"])


def _api_sender():
    """An integration key of the busiest office; each submission its own Idempotency-Key."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.client import RequestFactory

    from konsultasi.accounts import api_keys

    _row, key = api_keys.issue_integration_key(
        office=_busiest_office(), name="profile", scopes="all"
    )
    handler, factory = WSGIHandler(), RequestFactory()
    counter = iter(range(10**9))

    def send(token: str) -> None:
        i = next(counter)
        body = json.dumps(
            {
                "subject": f"Pertanyaan uji beban {i}",
                "question": "Bagaimana cara memperbaiki data supplier di SAKTI sebelum SPM?",
                "stakeholder": {"name": f"Bendahara Uji {i % 20}", "email": f"u{i % 20}@s.test"},
            }
        )
        environ = factory.post(
            API_PATH,
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": f"prof-{token}"},
        ).environ
        status = _call(handler, environ)
        if not status.startswith("201"):
            raise RuntimeError(f"the API answered {status}")

    return send


def _portal_sender():
    """A stakeholder of the busiest office with a portal account, signed in (force_login);
    each submission posts the ask form with the CSRF token and its own client token, through
    the WSGI handler as the server calls it (the test client would keep the connection)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client
    from django.test.client import RequestFactory

    from konsultasi.accounts.models import StakeholderProfile

    profile = (
        StakeholderProfile.objects.filter(office=_busiest_office(), user__isnull=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    client = Client()
    client.force_login(profile.user)
    page = client.get(ASK_PATH)
    if page.status_code != 200:
        raise RuntimeError(f"the ask form answered {page.status_code}")
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    csrf = client.cookies["csrftoken"].value
    channel = profile.preferred_channel
    handler, factory = WSGIHandler(), RequestFactory()

    def send(token: str) -> None:
        environ = factory.post(
            ASK_PATH,
            {
                "subject": "Pertanyaan dari portal",
                "question": "Bagaimana cara memperbaiki data supplier di SAKTI sebelum SPM?",
                "service_type": "",
                "preferred_channel": channel,
                "client_token": f"portal-{token}",
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Cookie": cookies},
        ).environ
        status = _call(handler, environ)
        if not status.startswith("302"):
            raise RuntimeError(f"the ask form answered {status}")

    return send


def _call(handler, environ) -> str:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = status

    body = handler(environ, start_response)
    for _chunk in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return seen["status"]


if __name__ == "__main__":
    main()
