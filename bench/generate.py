"""Generate the benchmark data set: 30 offices over three years, by default 1,000,000
consultations with their histories, in bulk.

    .venv/bin/python bench/generate.py --size quick|full|N [--database-url URL] [--fresh]

SQLite: a file under var/bench/ (WAL, as in production). PostgreSQL: the database named in the
URL, created if missing. A database that already holds a finished data set of this size, made
by this generator from the same migrations, is reused as it is; anything else there is
dropped and generated again (--fresh forces it).

The library stage (bench/dataset/library.py: the starter library, 10,000 entries, the
consultations' search index) runs on top of the data set, whether generated now or reused,
when its label lacks the stage's current version."""

import argparse
import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

OPEN_SHARE = 0.03
SEED = 20261124


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="full", help="quick (50,000), full (1,000,000) or N")
    parser.add_argument("--database-url", help="default: SQLite under var/bench/")
    parser.add_argument("--fresh", action="store_true", help="drop and generate again")
    parser.add_argument("--json-out", type=Path, help="write the data set's label here")
    args = parser.parse_args()
    size = common.parse_size(args.size)
    url = args.database_url or common.default_sqlite_url(size)
    label = generate(size, url, fresh=args.fresh)
    if args.json_out:
        args.json_out.write_text(json.dumps(label, indent=2) + "\n")


def generate(size: int, url: str, *, fresh: bool = False) -> dict:
    """Generate (or reuse) the data set and return its label."""
    if fresh:
        common.drop_database(url)
    common.create_database(url)
    common.setup_django(url)
    from django.db import connection

    wanted = {
        "size": size,
        "seed": SEED,
        "generator": common.GENERATOR_VERSION,
        "migrations": common.code_migrations(),
    }
    label = common.read_label(connection)
    if label and _only_new_migrations(label, wanted):
        label = _migrate_forward(connection, label, wanted["migrations"])
    if label and all(label.get(key) == value for key, value in wanted.items()):
        print(
            f"{common.vendor_name(url)}: reusing the data set of {size:,} consultations "
            f"generated {label['generated_at']} ({label['rows_per_s']:,} rows/s)"
        )
        return {**_library_stage(connection, label), "this_run_s": 0}
    if connection.introspection.table_names():
        print(f"{common.vendor_name(url)}: the database holds other data; generating again")
        connection.close()
        common.drop_database(url)
        common.create_database(url)
    label = {**wanted, **fill(size)}
    common.write_label(connection, label)
    label = _library_stage(connection, label)
    return {**label, "this_run_s": label["seconds"]}


def _library_stage(connection, label: dict) -> dict:
    """The library and the consultations' search index (bench/dataset/library.py): a stage of
    its own on top of the base data set, applied when the label lacks it or has an older
    version of it, and recorded in the label as `library`."""
    from bench.dataset import library

    done = label.get("library") or {}
    if done.get("version") == library.VERSION:
        print(
            f"{connection.vendor}: library stage v{library.VERSION} already there "
            f"({done['entries']:,} entries, {done['indexed']:,} consultations indexed)"
        )
        return label
    label = library.apply(label)
    common.write_label(connection, label)
    return label


def _only_new_migrations(label: dict, wanted: dict) -> bool:
    """The same data set, made before some migrations that have landed since (an index, a new
    table): those are applied to it instead of generating everything again."""
    same = all(label.get(key) == value for key, value in wanted.items() if key != "migrations")
    made_with, now = set(label.get("migrations", [])), set(wanted["migrations"])
    return same and made_with < now


def _migrate_forward(connection, label: dict, migrations: list[str]) -> dict:
    from django.core.management import call_command

    added = sorted(set(migrations) - set(label["migrations"]))
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # a new index or column wants the planner's statistics
    print(
        f"{connection.vendor}: applied {len(added)} migration(s) that landed after the data set "
        f"was generated, in {time.perf_counter() - began:.1f} s: {', '.join(added)}"
    )
    label = {
        **label,
        "migrations": migrations,
        "migrated_forward": sorted({*label.get("migrated_forward", []), *added}),
    }
    common.write_label(connection, label)
    return label


def fill(size: int) -> dict:
    """Migrate and generate into the (empty) database Django is connected to; settle it."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.dataset import people
    from bench.dataset.history import Ids, OfficeHistory
    from bench.dataset.writer import BulkWriter

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)  # noqa: S311 - a reproducible data set, not a secret
    anchor = common.ANCHOR
    first_day = (anchor - timedelta(days=3 * 365)).date()
    worlds = people.build_offices(first_day, anchor.date(), anchor.date() + timedelta(days=30))
    stakeholders = max(300, size // 20)
    people.build_stakeholders(worlds, stakeholders, rng)
    channels = people.channels()
    print(
        f"{connection.vendor}: {len(worlds)} offices, {stakeholders:,} stakeholders "
        f"in {time.perf_counter() - started:.1f} s; now the consultations"
    )

    writer, ids = BulkWriter(), Ids()
    histories = []
    arrivals: list[tuple[float, int, float, bool]] = []
    weight = sum(w.volume for w in worlds)
    left, left_open = size, round(size * OPEN_SHARE)
    for number, world in enumerate(worlds):
        last = number == len(worlds) - 1
        total = left if last else round(size * world.volume / weight)
        still_open = left_open if last else round(total * OPEN_SHARE)
        left, left_open = left - total, left_open - still_open
        history = OfficeHistory(world, writer, ids, rng, channels, anchor.timestamp())
        histories.append(history)
        arrivals += [
            (ts, number, position, is_open)
            for ts, position, is_open in history.arrivals(total - still_open, still_open)
        ]
    arrivals.sort()
    tenth = max(1, len(arrivals) // 10)
    for told, (_, number, position, is_open) in enumerate(arrivals, 1):
        histories[number].tell(position, is_open)
        writer.maybe_flush()
        if told % tenth == 0:
            rows = writer.written + writer.buffered
            elapsed = time.perf_counter() - started
            print(
                f"  {told:,} consultations, {rows:,} rows, {rows / elapsed:,.0f} rows/s "
                f"({writer.writing:.0f} s of {elapsed:.0f} s writing)"
            )
    for history in histories:
        history.finish()
    opened = sum(h.opened for h in histories)
    writer.finish()
    settled = _settle(anchor)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # What autovacuum would have done by the time anyone looks: statistics for the
        # planner and the visibility map for index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    rows = writer.written
    label = {
        "size": size,
        "open": opened,
        "stakeholders": stakeholders,
        "offices": len(worlds),
        "anchor": anchor.isoformat(),
        "rows": writer.counts(),
        "settled": settled,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }
    print(
        f"{connection.vendor}: {size:,} consultations ({opened:,} open), {rows:,} rows "
        f"in {seconds:.0f} s: {rows / seconds:,.0f} rows/s"
    )
    return label


def _settle(anchor) -> dict:
    """One sweep at the anchor, by the project's own code, as the every-minute sweep of a
    live installation would have done: the alerts of the open consultations' clocks are
    recorded and announced, so measurements start from a settled state."""
    import time_machine
    from django.utils import timezone

    from konsultasi.consultations.sweep import sweep_clocks

    began = time.perf_counter()
    with time_machine.travel(anchor, tick=False):
        found = sweep_clocks(now=timezone.now())
    seconds = time.perf_counter() - began
    print(f"  settled by one sweep at the anchor in {seconds:.1f} s: {found}")
    return {**found, "seconds": round(seconds, 1)}


if __name__ == "__main__":
    main()
