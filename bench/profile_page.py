"""Where one desk page spends its time and memory: the page requested in-process (Django's
test client, the clock at the anchor) as an officer of the busiest office, with its queries
(count, slowest, EXPLAIN of the slowest) and a cProfile of the request. On PostgreSQL the CPU of
the backend serving the requests is read too (/proc, the server on this machine).

    .venv/bin/python bench/profile_page.py [--size quick | --database-url URL] PATH [PATH…]

PATH is a desk address ("/desk/kotak-masuk/?view=breached", "/desk/k/<number>/"); the
placeholder {open} is replaced with an open consultation's number of that office, {closed}
with a closed one's. Reads only (it signs in with `force_login`, no password set)."""

import argparse
import cProfile
import io
import pstats
import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--size", default="quick")
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per path")
    parser.add_argument("--top", type=int, default=25, help="functions shown by cumulative time")
    parser.add_argument("--queries", type=int, default=5, help="slowest queries listed")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest query")
    parser.add_argument(
        "--frozen",
        action="store_true",
        help="the clock stands still (pages comparable byte for byte)",
    )
    parser.add_argument("--dump", type=Path, help="write the last path's cProfile stats here")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile listing")
    parser.add_argument(
        "--htmx",
        metavar="TARGET",
        help="request as htmx does (HX-Request), aimed at this element id (or '' for none): "
        "the fragment a live search or a lazy panel fetches",
    )
    parser.add_argument(
        "--save-html", type=Path, help="write each page's HTML here (to compare before/after)"
    )
    args = parser.parse_args()
    url = args.database_url or common.default_sqlite_url(common.parse_size(args.size))
    common.setup_django(url)
    import time_machine
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from konsultasi.accounts.models import OfficeRole, Role
    from konsultasi.consultations.models import OPEN_STATUSES, Consultation

    settings.ALLOWED_HOSTS = ["*"]
    # DEBUG stays off (the cached template loader, as in production); queries are captured.
    with time_machine.travel(common.ANCHOR, tick=not args.frozen):
        busiest = (
            Consultation.objects.filter(status__in=OPEN_STATUSES)
            .values("office")
            .annotate(n=Count("pk"))
            .order_by("-n", "office")
            .first()["office"]
        )
        role = OfficeRole.objects.filter(office=busiest, role=Role.OFFICER).order_by("pk").first()
        client = Client()
        client.force_login(role.user)
        numbers = {
            "open": Consultation.objects.filter(office=busiest, status__in=OPEN_STATUSES)
            .order_by("pk")
            .values_list("number", flat=True)
            .first(),
            "closed": Consultation.objects.filter(office=busiest)
            .exclude(status__in=OPEN_STATUSES)
            .order_by("-pk")
            .values_list("number", flat=True)
            .first(),
        }
        headers = {}
        if args.htmx is not None:
            headers = {"HX-Request": "true", **({"HX-Target": args.htmx} if args.htmx else {})}
        for raw in args.paths:
            path = raw.format(**numbers)
            client.get(path, headers=headers)  # warm
            times, cpu, backend_cpu = [], [], []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    began_backend = common.backend_cpu_seconds(connection)
                    began, began_cpu = time.perf_counter(), time.process_time()
                    answer = client.get(path, headers=headers)
                    cpu.append(time.process_time() - began_cpu)
                    times.append(time.perf_counter() - began)
                    if connection.vendor == "postgresql":
                        backend_cpu.append(common.backend_cpu_seconds(connection) - began_backend)
            queries = captured.captured_queries
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"\n== {path}: {answer.status_code}, {len(answer.content):,} bytes, "
                f"median {sorted(times)[len(times) // 2] * 1000:.1f} ms "
                f"(CPU median {sorted(cpu)[len(cpu) // 2] * 1000:.1f}, "
                f"min {min(cpu) * 1000:.1f} ms), {len(queries)} queries "
                f"({sum(float(q['time']) for q in queries) * 1000:.1f} ms in SQL), "
                f"peak RSS so far {rss:.0f} MB"
            )
            if backend_cpu:
                both = sorted(a + b for a, b in zip(cpu, backend_cpu, strict=True))
                print(
                    f"   PostgreSQL backend CPU median {_median(backend_cpu) * 1000:.1f} ms, "
                    f"min {min(backend_cpu) * 1000:.1f}; Python + backend median "
                    f"{_median(both) * 1000:.1f} ms, mean {sum(both) / len(both) * 1000:.1f}, "
                    f"min {both[0] * 1000:.1f}"
                )
            for q in sorted(queries, key=lambda q: -float(q["time"]))[: args.queries]:
                print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
            if args.save_html:
                args.save_html.mkdir(parents=True, exist_ok=True)
                name = raw.strip("/").replace("/", "_").replace("?", "_").replace("=", "_")
                (args.save_html / f"{name or 'root'}.html").write_bytes(answer.content)
            if args.explain and queries:
                slowest = max(queries, key=lambda q: float(q["time"]))["sql"]
                _explain(connection, slowest)
            if args.no_profile:
                continue
            profile = cProfile.Profile()
            profile.enable()
            client.get(path, headers=headers)
            profile.disable()
            if args.dump:
                profile.dump_stats(args.dump)
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            print(out.getvalue())


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _explain(connection, sql: str) -> None:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        for row in cursor.fetchall():
            print("   ", " | ".join(str(c) for c in row))


if __name__ == "__main__":
    main()
