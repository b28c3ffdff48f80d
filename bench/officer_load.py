"""Officers at work while the sweep runs: another process takes a write every ~100 ms (a note
on an open consultation, or claiming a new one) through the services, and records how long
each took, waits for locks included.

Run by `sweep.py` in a process of its own, as a web worker would be: on SQLite the process
shares nothing with the sweep but the database file and its write lock."""

import time
from datetime import datetime


def officer_writes(url: str, instant: datetime, jobs: list, interval: float, ready, stop, out):
    """Take `jobs` ((action, consultation id, officer id), in turn) until `stop` is set; put
    [(started, seconds, error, slowest statement, seconds in statements, seconds committing)]
    on `out`.
    `started` is on the system's monotonic clock, which the parent shares, so it can tell
    which writes overlapped the sweep."""
    from bench import common

    common.setup_django(url)
    import time_machine
    from django.db import connection

    with time_machine.travel(instant, tick=True):
        from konsultasi.accounts.models import User
        from konsultasi.consultations import services
        from konsultasi.consultations.models import Consultation

        officers = {u.pk: u for u in User.objects.filter(pk__in={j[2] for j in jobs})}
        commits = _Commits(connection)
        records = []
        for number, (action, consultation_id, officer_id) in enumerate(_cycle(jobs, stop)):
            consultation = Consultation(pk=consultation_id)
            statements = _Statements()
            commits.seconds = 0.0
            started = time.perf_counter()
            error = ""
            try:
                with connection.execute_wrapper(statements):
                    if action == "claim":
                        services.claim(officer=officers[officer_id], consultation=consultation)
                    else:
                        services.add_note(
                            actor=officers[officer_id],
                            consultation=consultation,
                            body="Catatan pemantauan beban (benchmark).",
                        )
            except Exception as refused:  # a refusal is a result to report, not a crash
                error = f"{type(refused).__name__}: {refused}"
            seconds = time.perf_counter() - started
            records.append(
                (started, seconds, error, statements.slowest, statements.total, commits.seconds)
            )
            if number == 2:
                ready.set()  # connected, warm, and the first writes through
            time.sleep(max(0.0, interval - seconds))
        out.put(records)


class _Statements:
    """Where a write's time went: the slowest statement (a lock wait shows there) and the
    time in all statements (the rest is Python and the commit)."""

    def __init__(self):
        self.total = 0.0
        self.slowest = (0.0, "")

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - began
            self.total += seconds
            self.slowest = max(self.slowest, (seconds, " ".join(sql.split())[:70]))


class _Commits:
    """Time spent committing: on SQLite the commit that finds the WAL past its size checkpoints
    it into the database file, whoever wrote the pages."""

    def __init__(self, connection):
        self.seconds = 0.0
        commit = connection.commit

        def timed_commit():
            began = time.perf_counter()
            try:
                return commit()
            finally:
                self.seconds += time.perf_counter() - began

        connection.commit = timed_commit


def _cycle(jobs: list, stop):
    """Claims once each; notes over and over."""
    index = 0
    while not stop.is_set():
        action, consultation_id, officer_id = jobs[index % len(jobs)]
        if action == "claim" and index >= len(jobs):
            action = "note"
        yield action, consultation_id, officer_id
        index += 1
