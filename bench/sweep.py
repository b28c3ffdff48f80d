"""Measure the clock sweep over a generated data set (see generate.py).

    .venv/bin/python bench/sweep.py [--size quick|full|N | --database-url URL] [--json-out FILE]

Runs on a working copy of the data set (dropped afterwards), at the data set's anchor:
(a) the every-minute sweep with nothing newly due: the generator left the data settled by a
    sweep at the anchor; one run first (timed apart: it may meet a cold cache), then repeated
    runs a few seconds apart: median and max, and the queries of one of them;
(b) a catch-up after downtime: the clock moves on (72 hours by default) so that many alerts and
    auto-closes fall due at once, while another process takes an officer's write every
    ~100 ms; the longest any write took while the sweep ran is what an officer would feel."""

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.officer_load import officer_writes

WRITE_INTERVAL = 0.1
SWEEP_OPTIONS: dict = {}  # e.g. a batch size, to try the sweep's knobs
WITHOUT_CHECKPOINT: list = []  # --no-wal-checkpoint: compare with the sweep before it checkpointed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="quick", help="quick, full or N (for the SQLite file)")
    parser.add_argument("--database-url", help="the generated data set; default SQLite of --size")
    parser.add_argument("--runs", type=int, default=7, help="settled runs to time")
    parser.add_argument("--catch-up-hours", type=float, default=72.0)
    parser.add_argument("--keep-copy", action="store_true", help="keep the working copy")
    parser.add_argument("--batch-size", type=int, help="pass this batch size to the sweep")
    parser.add_argument(
        "--no-wal-checkpoint",
        action="store_true",
        help="SQLite: the sweep leaves checkpoints to SQLite (as before it checkpointed itself)",
    )
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    url = args.database_url or common.default_sqlite_url(common.parse_size(args.size))
    if args.batch_size:
        SWEEP_OPTIONS["batch_size"] = args.batch_size
    if args.no_wal_checkpoint:
        WITHOUT_CHECKPOINT.append(True)
    results = measure(
        url, runs=args.runs, catch_up_hours=args.catch_up_hours, keep_copy=args.keep_copy
    )
    text = json.dumps(results, indent=2)
    if args.json_out:
        args.json_out.write_text(text + "\n")
    print(text)


def measure(
    url: str, *, runs: int = 7, catch_up_hours: float = 72.0, keep_copy: bool = False
) -> dict:
    if not common.database_exists(url):
        raise SystemExit(f"no data set at {url}: run bench/generate.py first")
    work_url = common.copy_database(url)
    common.setup_django(work_url)
    from django.db import connection

    if WITHOUT_CHECKPOINT:
        from konsultasi.consultations import sweep

        sweep.checkpoint_wal = lambda: False
    try:
        results = {"size": common.read_label(connection).get("size"), **SWEEP_OPTIONS}
        results["sweep_wal_checkpoint"] = not WITHOUT_CHECKPOINT
        results |= _settled(runs)
        results |= _catch_up(work_url, catch_up_hours)
        return results
    finally:
        connection.close()
        if not keep_copy:
            common.drop_database(work_url)


def _settled(runs: int) -> dict:
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from konsultasi.consultations.sweep import sweep_clocks

    with time_machine.travel(common.ANCHOR, tick=True):
        first, first_found = _timed(lambda: sweep_clocks(now=timezone.now(), **SWEEP_OPTIONS))
        _say(f"first sweep at the anchor: {first:.3f} s, {first_found}")
        times, cpu, newly = [], [], 0
        for _ in range(runs):
            cpu_began = time.process_time()
            seconds, found = _timed(lambda: sweep_clocks(now=timezone.now(), **SWEEP_OPTIONS))
            cpu.append(time.process_time() - cpu_began)
            times.append(seconds)
            newly += found["alerts"] + found["closed"]
        with CaptureQueriesContext(connection) as queries:
            sweep_clocks(now=timezone.now(), **SWEEP_OPTIONS)
    _say(
        f"settled sweep: median {statistics.median(times):.3f} s, max {max(times):.3f} s, "
        f"{len(queries)} queries"
    )
    return {
        "sweep_s": round(statistics.median(times), 4),
        "sweep_max_s": round(max(times), 4),
        # This process's CPU time (the SQLite engine included, not the PostgreSQL server):
        # steadier than wall time on a shared machine.
        "sweep_cpu_s": round(statistics.median(cpu), 4),
        "sweep_runs": runs,
        "sweep_queries": len(queries),
        "sweep_settled_found": newly,  # alerts and closes the settled runs still found
        "sweep_first_s": round(first, 3),
        "sweep_first_alerts": first_found["alerts"],
        "sweep_first_closed": first_found["closed"],
    }


def _catch_up(work_url: str, hours: float) -> dict:
    import time_machine
    from django.utils import timezone

    from konsultasi.consultations.sweep import sweep_clocks

    instant = common.ANCHOR + timedelta(hours=hours)
    jobs = _officer_jobs()
    spawn = multiprocessing.get_context("spawn")
    ready, stop, out = spawn.Event(), spawn.Event(), spawn.Queue()
    writer = spawn.Process(
        target=officer_writes, args=(work_url, instant, jobs, WRITE_INTERVAL, ready, stop, out)
    )
    writer.start()
    try:
        if not ready.wait(timeout=120):
            raise RuntimeError("the officers' process did not start")
        time.sleep(1.0)  # a second of ordinary writes first, for comparison
        with time_machine.travel(instant, tick=True):
            began, cpu_began = time.perf_counter(), time.process_time()
            found = sweep_clocks(now=timezone.now(), **SWEEP_OPTIONS)
            ended, cpu = time.perf_counter(), time.process_time() - cpu_began
        time.sleep(1.0)
    finally:
        stop.set()
    records = out.get(timeout=120)
    writer.join(timeout=60)
    during = [r for r in records if r[0] < ended and r[0] + r[1] > began]
    before = [r[1] for r in records if r[0] + r[1] <= began]
    longest = max(during, key=lambda r: r[1], default=None)
    block = longest[1] if longest else 0.0
    errors = [r[2] for r in during if r[2]]
    _say(
        f"catch-up after {hours:g} h: {ended - began:.2f} s, {found}; {len(during)} officer "
        f"writes meanwhile, the longest {block:.3f} s, {len(errors)} failed"
    )
    for error in sorted(set(errors))[:5]:
        _say(f"  failed write: {error}")
    longest_commit = max((r[5] for r in during), default=0.0)
    _say(f"  the longest commit of an officer meanwhile: {longest_commit:.3f} s")
    if longest:
        (slowest, statement), in_statements, committing = longest[3:6]
        _say(
            f"  the longest write: {slowest:.3f} s in {statement!r}, {in_statements:.3f} s in "
            f"all its statements, {committing:.3f} s committing"
        )
    return {
        "sweep_catchup_s": round(ended - began, 3),
        "sweep_catchup_cpu_s": round(cpu, 3),
        "sweep_catchup_hours": hours,
        "sweep_catchup_alerts": found["alerts"],
        "sweep_catchup_closed": found["closed"],
        "sweep_catchup_max_write_block_s": round(block, 3),
        "sweep_catchup_writes": len(during),
        "sweep_catchup_write_errors": len(errors),
        "sweep_catchup_max_write_slowest_statement": list(longest[3]) if longest else None,
        "sweep_catchup_max_write_statements_s": round(longest[4], 3) if longest else None,
        "sweep_catchup_max_write_commit_s": round(longest[5], 3) if longest else None,
        # The longest commit of any officer write meanwhile: on SQLite, a WAL checkpoint that
        # fell on an officer shows here, whichever write was the longest overall.
        "sweep_catchup_max_commit_s": round(longest_commit, 3),
        "sweep_catchup_write_p50_ms": _ms(statistics.median(r[1] for r in during))
        if during
        else None,
        "write_baseline_p50_ms": _ms(statistics.median(before)) if before else None,
    }


def _officer_jobs(count: int = 60) -> list[tuple[str, int, int]]:
    """Open consultations spread over the offices, each with an officer of its office:
    claims for the new ones, notes for the others."""
    from konsultasi.accounts.models import OfficeRole, Role
    from konsultasi.consultations.models import OPEN_STATUSES, Consultation, Status

    officer_of = {}
    for role in OfficeRole.objects.filter(role=Role.OFFICER).order_by("pk"):
        officer_of.setdefault(role.office_id, role.user_id)
    open_ones = list(
        Consultation.objects.filter(status__in=OPEN_STATUSES)
        .order_by("pk")
        .values_list("pk", "office_id", "status")
    )
    step = max(1, len(open_ones) // count)
    return [
        ("claim" if status == Status.NEW else "note", pk, officer_of[office])
        for pk, office, status in open_ones[::step][:count]
    ]


def _timed(call) -> tuple[float, dict]:
    began = time.perf_counter()
    result = call()
    return time.perf_counter() - began, result


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
