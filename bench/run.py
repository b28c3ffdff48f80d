"""`make bench`: generate (or reuse) the data set and measure, on SQLite and on PostgreSQL;
write var/bench/latest.json and append a table to bench/RESULTS.md.

    .venv/bin/python bench/run.py --size quick|full|N [--postgres-url URL] [--label TEXT]

Each step runs in a process of its own (Django is set up once per process, for one database).
Figures that need something not built yet (the officers' pages, the library, the API, the
reports) are null; see bench/README.md."""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
LATEST = common.VAR / "latest.json"

# The figures issue 7 asks for, per database; null until what they measure exists.
FIGURES = [
    "inbox_p50_ms",
    "inbox_p95_ms",
    "workspace_p50_ms",
    "workspace_p95_ms",
    "search_p50_ms",
    "search_p95_ms",
    "suggest_p50_ms",
    "suggest_p95_ms",
    "submissions_per_s",
    "portal_submissions_per_s",
    "portal_submissions_p95_ms",
    "sweep_s",
    "sweep_catchup_s",
    "sweep_catchup_max_write_block_s",
    "report_month_s",
    "worker_rss_mb",
]

# The rows of the table in RESULTS.md: (key, what it is).
TABLE = [
    ("generate_rows_per_s", "generator speed (rows/s)"),
    ("generate_s", "generator time (s; 0 = reused)"),
    ("rows", "rows in the data set"),
    ("open", "open consultations"),
    ("settle_s", "generator's settling sweep at the anchor (s)"),
    ("settle_alerts", "alerts of the settling sweep"),
    ("sweep_s", "sweep, nothing newly due: median (s)"),
    ("sweep_max_s", "sweep, nothing newly due: max (s)"),
    ("sweep_cpu_s", "sweep, nothing newly due: CPU of the sweeping process (s)"),
    ("sweep_queries", "queries of one settled sweep"),
    ("sweep_first_s", "first sweep of the measurement (s)"),
    ("sweep_catchup_s", "catch-up after 72 h (s)"),
    ("sweep_catchup_cpu_s", "catch-up: CPU of the sweeping process (s)"),
    ("sweep_catchup_alerts", "catch-up: alerts"),
    ("sweep_catchup_closed", "catch-up: auto-closed"),
    ("sweep_catchup_max_write_block_s", "catch-up: longest officer write (s)"),
    ("sweep_catchup_max_commit_s", "catch-up: longest officer commit (s)"),
    ("sweep_catchup_write_errors", "catch-up: officer writes failed"),
    ("sweep_catchup_write_p50_ms", "catch-up: officer write median (ms)"),
    ("write_baseline_p50_ms", "officer write median, no sweep (ms)"),
    ("inbox_p50_ms", "inbox first page, every saved view: median (ms)"),
    ("inbox_p95_ms", "inbox p95 (ms)"),
    ("inbox_slowest_view", "inbox: saved view with the highest p95"),
    ("inbox_cpu_ms", "inbox: web workers' CPU per page (ms)"),
    ("workspace_p50_ms", "workspace median (ms)"),
    ("workspace_p95_ms", "workspace p95 (ms)"),
    ("workspace_cpu_ms", "workspace: web workers' CPU per page (ms)"),
    ("web_office_open", "open consultations in the officers' office"),
    ("web_load_average", "load average as the pages were measured"),
    ("search_p50_ms", "library search as you type: median (ms)"),
    ("search_p95_ms", "library search p95 (ms)"),
    ("search_cpu_ms", "library search: server CPU per request (ms)"),
    ("suggest_p50_ms", "answer suggestions panel: median (ms)"),
    ("suggest_p95_ms", "answer suggestions p95 (ms)"),
    ("suggest_cpu_ms", "answer suggestions: server CPU per panel (ms)"),
    ("library_load_average", "load average as the library was measured"),
    ("submissions_per_s", "submissions/s"),
    ("submissions_p95_ms", "submissions p95 (ms)"),
    ("submissions_cpu_ms", "submissions: server CPU per submission (ms)"),
    ("submissions_client_cpu_ms", "submissions: load generator's CPU per submission (ms)"),
    ("portal_submissions_per_s", "portal submissions/s"),
    ("portal_submissions_p95_ms", "portal submissions p95 (ms)"),
    ("portal_submissions_cpu_ms", "portal submissions: server CPU per submission (ms)"),
    ("submissions_load_average", "load average as the submissions were measured"),
    ("report_month_s", "one-month report (s)"),
    ("worker_rss_mb", "web worker RSS (MB)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="full")
    parser.add_argument("--sqlite-url", help="default: var/bench/bench_<size>.sqlite3")
    parser.add_argument("--postgres-url", help="default: .../bench_<size> on the local server")
    parser.add_argument("--label", default="", help="e.g. 'before the sweep rewrite'")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    size = common.parse_size(args.size)
    urls = {
        "sqlite": args.sqlite_url or common.default_sqlite_url(size),
        "postgresql": args.postgres_url
        or f"postgres://postgres@127.0.0.1:5432/bench_{common.size_label(size)}",
    }
    if args.only:
        urls = {args.only: urls[args.only]}
    results: dict = {"size": size, "sqlite": None, "postgresql": None}
    load, yardstick = os.getloadavg()[0], common.python_yardstick_ms()
    for vendor, url in urls.items():
        if vendor == "postgresql" and not _reachable(url):
            print(f"!! PostgreSQL is not reachable at {url}: its figures stay null")
            continue
        results[vendor] = _measure(size, url)
    results["run"] = _run_facts(urls, args.label, load) | {"python_yardstick_ms": yardstick}
    common.VAR.mkdir(parents=True, exist_ok=True)
    latest = results
    if args.only and LATEST.exists():
        # One database measured again: latest.json keeps the other one's figures of this size.
        before = json.loads(LATEST.read_text())
        if before.get("size") == size:
            latest = {**before, args.only: results[args.only]}
            latest["runs"] = {**before.get("runs", {}), args.only: results["run"]}
    LATEST.write_text(json.dumps(latest, indent=2) + "\n")
    _append_results(results)
    print(f"wrote {LATEST.relative_to(common.ROOT)} and appended to bench/RESULTS.md")


def _measure(size: int, url: str) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        label_file, sweep_file = Path(scratch, "label.json"), Path(scratch, "sweep.json")
        web_file = Path(scratch, "web.json")
        _step("generate.py", "--size", str(size), "--database-url", url, "--json-out", label_file)
        _step("sweep.py", "--database-url", url, "--json-out", sweep_file)
        label, sweep = json.loads(label_file.read_text()), json.loads(sweep_file.read_text())
        web = _web_step(url, web_file)
    figures: dict = dict.fromkeys(FIGURES)
    figures |= {key: value for key, value in sweep.items() if key != "size"}
    figures |= {key: value for key, value in web.items() if key != "size"}
    figures |= {
        "generate_rows_per_s": label.get("rows_per_s"),
        "generate_s": label.get("this_run_s", 0),
        "rows": sum(label.get("rows", {}).values()),
        "open": label.get("open"),
        "settle_s": label.get("settled", {}).get("seconds"),
        "settle_alerts": label.get("settled", {}).get("alerts"),
    }
    return figures


def _web_step(url: str, out: Path) -> dict:
    """The pages and the API over HTTP; a failure there (a page answering 500, the server not
    starting) leaves their figures null with the reason, and the rest of the run stands."""
    try:
        _step("web.py", "--database-url", url, "--json-out", out)
    except subprocess.CalledProcessError as failed:
        print(f"!! the web measurements failed ({failed}); their figures stay null")
        return {"web_error": f"web.py exited with {failed.returncode}; see its output above"}
    return json.loads(out.read_text())


def _step(script: str, *args) -> None:
    command = [sys.executable, str(BENCH / script), *map(str, args)]
    print("$", " ".join(command[1:]), flush=True)
    subprocess.run(command, check=True, cwd=common.ROOT)  # noqa: S603 - our own scripts


def _reachable(url: str) -> bool:
    try:
        common.database_exists(url)
    except Exception as error:  # the server is down or refuses us: say so, measure the rest
        print(f"   ({type(error).__name__}: {error})")
        return False
    return True


def _run_facts(urls: dict, label: str, load: float) -> dict:
    import sqlite3

    import django

    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    postgres = None
    if "postgresql" in urls and _reachable(urls["postgresql"]):
        postgres = common.postgres_version(urls["postgresql"])
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from the PATH
        capture_output=True,
        text=True,
        cwd=common.ROOT,
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "label": label,
        "commit": commit,
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "load_average": round(load, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
    }


def _append_results(results: dict) -> None:
    run = results["run"]
    vendors = [v for v in ("sqlite", "postgresql") if results[v] is not None]
    lines = [
        "",
        f"## {run['date'][:16].replace('T', ' ')} UTC — {results['size']:,} consultations"
        + (f" — {run['label']}" if run["label"] else ""),
        "",
        f"Machine: {run['cores']} cores ({run['cpu']}), {run['memory_gib']} GiB, load average "
        f"{run['load_average']} at the start (the machine is shared); Python yardstick "
        f"{run['python_yardstick_ms']} ms (`bench.common.python_yardstick_ms`: the same CPU "
        f"work on every run, so a slower machine is told from slower code). "
        f"Python {run['python']}, "
        f"Django {run['django']}, SQLite {run['sqlite']}, "
        f"PostgreSQL {run['postgresql'] or '(not measured in this run)'}; "
        f"commit {run['commit']}.",
        "",
        "| measure | " + " | ".join(vendors) + " |",
        "| --- |" + " ---: |" * len(vendors),
    ]
    for key, title in TABLE:
        values = [results[v].get(key) for v in vendors]
        lines.append(f"| {title} | " + " | ".join(_cell(value) for value in values) + " |")
    views = {
        v: results[v].get("inbox_views_ms") for v in vendors if results[v].get("inbox_views_ms")
    }
    if views:
        names = list(next(iter(views.values())))
        lines += ["", "Inbox first page per saved view, median / p95 (ms):", ""]
        lines += ["| saved view | " + " | ".join(views) + " |", "| --- |" + " ---: |" * len(views)]
        for name in names:
            cells = [f"{views[v][name]['p50']} / {views[v][name]['p95']}" for v in views]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for kind, key in (
        ("Submissions", "submissions_why"),
        ("Portal submissions", "portal_submissions_why"),
    ):
        for vendor in vendors:
            why = results[vendor].get(key)
            if why:
                lines += ["", f"{kind} not measured on {vendor}: {why}."]
    with RESULTS.open("a") as out:
        out.write("\n".join(lines) + "\n")


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


if __name__ == "__main__":
    main()
