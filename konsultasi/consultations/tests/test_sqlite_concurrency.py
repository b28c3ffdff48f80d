"""Races on the one-machine database: separate processes writing one SQLite file in WAL mode,
as the web server and the task worker of `make run` do (test_concurrency.py has PostgreSQL's).

No test database here: the processes write a file of their own, and the test reads it back
with sqlite3 alone."""

import json

from konsultasi.consultations.tests import file_database
from konsultasi.consultations.tests.file_database import STAKEHOLDER

TIMEOUT = 60  # seconds for any one process; a hung writer fails the test, never the run


def race(var_dir, *commands: tuple[str, ...]) -> list[list]:
    """Start one process per command, let them all go at once, return what each submitted."""
    processes = [file_database.start(var_dir, *command) for command in commands]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == file_database.READY, process.communicate(
                timeout=TIMEOUT
            )
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        results = []
        for process in processes:
            out, err = process.communicate(timeout=TIMEOUT)
            assert process.returncode == 0, err
            results.append(json.loads(out))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_concurrent_submissions_are_each_saved_once_with_consecutive_numbers(sqlite_file):
    processes, each = 6, 4

    results = race(sqlite_file.parent, *[("submit", STAKEHOLDER, str(each))] * processes)

    returned = [pair for result in results for pair in result]
    rows = file_database.query(sqlite_file, "SELECT id, number FROM consultations_consultation")
    assert sorted(map(tuple, returned)) == sorted(rows)
    assert len(rows) == processes * each
    prefixes = {number.rsplit("-", 1)[0] for _, number in rows}
    assert len(prefixes) == 1 and prefixes.pop().startswith("PKU-")
    assert sorted(int(number.rsplit("-", 1)[1]) for _, number in rows) == list(
        range(1, processes * each + 1)
    )
    assert file_database.query(sqlite_file, "SELECT last FROM consultations_numbersequence") == [
        (processes * each,)
    ]
    # Each one whole: its question, its one event.
    for table in ("consultations_message", "consultations_event"):
        counts = file_database.query(
            sqlite_file, f"SELECT consultation_id, count(*) FROM {table} GROUP BY consultation_id"
        )
        assert sorted(counts) == sorted((pk, 1) for pk, _ in rows)


def test_a_double_submit_racing_itself_creates_one_consultation(sqlite_file):
    results = race(sqlite_file.parent, *[("submit", STAKEHOLDER, "1", "double-click")] * 3)

    assert len({tuple(pair) for result in results for pair in result}) == 1
    rows = file_database.query(sqlite_file, "SELECT client_token FROM consultations_consultation")
    assert rows == [("double-click",)]
    assert file_database.query(sqlite_file, "SELECT count(*) FROM consultations_event") == [(1,)]
