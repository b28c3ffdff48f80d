"""The desk's lists read an index, not the office's (or the officer's) whole history: the
query plans of the mine / section / due-soon / missing-progress shapes, on both databases.

On PostgreSQL a small test table would be scanned whatever indexes exist, so sequential scans
are priced out for the question "could an index serve this?"; on SQLite the plan says
SEARCH … USING INDEX where one does, and SCAN where none does."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konsultasi.consultations import selectors
from konsultasi.consultations.models import OPEN_STATUSES, Consultation
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.selectors import Moment


def plan(queryset) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()
    return queryset.explain()


def uses_an_index(text: str) -> bool:
    if connection.vendor == "postgresql":
        return "Index" in text and "Seq Scan on consultations_consultation" not in text
    lines = [line for line in text.splitlines() if "consultations_consultation" in line]
    return all("USING" in line and "INDEX" in line for line in lines) and bool(lines)


@pytest.fixture
def some(in_state):
    return [in_state(state) for state in (S.IN_PROGRESS, S.FOLLOW_UP, S.RESOLVED)]


def test_my_open_consultations_by_nearest_deadline_use_an_index(some, officer):
    mine = Consultation.objects.filter(assignee=officer, status__in=OPEN_STATUSES)
    assert uses_an_index(plan(mine.order_by("nearest_due_at")[:50]))


def test_my_sections_open_consultations_use_an_index(some, section):
    ours = Consultation.objects.filter(section=section, status__in=OPEN_STATUSES)
    assert uses_an_index(plan(ours.order_by("nearest_due_at")[:50]))


def test_what_falls_due_soon_in_the_office_uses_an_index(some, office):
    soon = Consultation.objects.filter(
        office=office,
        status__in=OPEN_STATUSES,
        nearest_due_at__lte=timezone.now() + timedelta(hours=1),
    )
    assert uses_an_index(plan(soon.order_by("nearest_due_at")[:50]))


def test_follow_ups_missing_todays_progress_update_use_an_index(some, office):
    missing = Consultation.objects.filter(
        office=office, status=S.FOLLOW_UP, progress_due_at__lte=timezone.now() + timedelta(hours=8)
    )
    assert uses_an_index(plan(missing.order_by("progress_due_at")[:50]))


@pytest.mark.parametrize("view", [None, S.NEW, "mine", "section"])
def test_the_office_inbox_page_is_chosen_from_its_index_alone(some, office, officer, view):
    """The inbox's first page, every open consultation of the office sorted by the nearest
    deadline (with the access check and a saved view's condition), is sorted and cut from an
    index; on SQLite, which has no statistics to choose by, from `inbox_of_office` alone
    without reading a consultation row (bench/RESULTS.md: at 1,000,000 consultations a row read
    per open consultation cost more than the page itself)."""
    found = selectors.office_consultations(officer, office).filter(status__in=OPEN_STATUSES)
    if view == S.NEW:
        found = found.filter(status=S.NEW, assignee__isnull=True)
    elif view == "mine":
        found = found.filter(assignee=officer)
    elif view == "section":
        found = found.filter(section__isnull=False)
    page = found.annotate(nearest_due=selectors.nearest_due_expression()).order_by(
        "nearest_due", "pk"
    )
    text = plan(page.values("pk")[:51])
    if connection.vendor == "sqlite":
        assert "COVERING INDEX inbox_of_office" in text
    else:  # PostgreSQL picks by its statistics: on a test table, any index will do
        assert uses_an_index(text)


def test_the_sweep_reads_only_what_is_due_for_an_alert_through_an_index(some):
    due = Consultation.objects.filter(next_alert_at__lte=timezone.now())
    assert uses_an_index(plan(due.order_by("next_alert_at", "pk")[:200]))


def test_a_query_without_an_index_is_seen_as_a_scan(some):
    """The check itself can fail: a filter on an unindexed column is a scan."""
    assert not uses_an_index(plan(Consultation.objects.filter(subject="x")))


def test_the_saved_view_counts_are_counted_from_indexes_alone(some, office, officer):
    """The sidebar's counts, every saved view in one query: the open consultations of the
    office from `inbox_of_office` alone (no row read per open consultation, on SQLite), the
    follow-ups without today's progress through the progress index."""
    now = timezone.now()
    moment = Moment(now=now, day_start=now - timedelta(hours=9), day_close=now + timedelta(hours=7))
    with CaptureQueriesContext(connection) as captured:
        selectors.saved_view_counts(user=officer, office=office, moment=moment)
    assert len(captured) == 1
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + captured[0]["sql"])
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + captured[0]["sql"])
        text = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
    if connection.vendor == "sqlite":
        assert "COVERING INDEX inbox_of_office" in text
    assert uses_an_index(text)
