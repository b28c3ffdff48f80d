"""The sidebar's counts keep their query per officer, office and kind of day and run it again
with each request's instants: the counts must be those of a query built afresh."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konsultasi.consultations import selectors
from konsultasi.consultations.models import Status
from konsultasi.consultations.selectors import InboxView, Moment
from konsultasi.consultations.tests.moments import moment_at


def built_afresh(user, office, moment) -> dict[InboxView, int]:
    return selectors._count_saved_views(user=user, office=office, moment=moment)


def test_kept_counts_follow_the_clock(office, officer, in_state):
    for status in (Status.IN_PROGRESS, Status.FOLLOW_UP, Status.ESCALATED, Status.NEW):
        in_state(status)
    now = timezone.now()
    moments = [moment_at(now + timedelta(days=days)) for days in (0, 1, 3, 30)]
    moments.append(moment_at(now + timedelta(days=2), working_day=False))
    for moment in [*moments, *moments]:  # the second round runs the kept queries
        counted = selectors.saved_view_counts(user=officer, office=office, moment=moment)
        assert counted == built_afresh(officer, office, moment)
    assert len({built_afresh(officer, office, m)[InboxView.BREACHED] for m in moments}) > 1


def test_kept_counts_run_as_one_query(office, officer, in_state):
    in_state(Status.IN_PROGRESS)
    moment = moment_at(timezone.now())
    selectors.saved_view_counts(user=officer, office=office, moment=moment)
    with CaptureQueriesContext(connection) as captured:
        selectors.saved_view_counts(user=officer, office=office, moment=moment)
    assert len(captured) == 1


def test_one_officers_kept_counts_are_not_anothers(
    office, officer, second_officer, in_state, office_hours
):
    in_state(Status.IN_PROGRESS)  # claimed by `officer`
    moment = moment_at(timezone.now())
    mine = selectors.saved_view_counts(user=officer, office=office, moment=moment)
    theirs = selectors.saved_view_counts(user=second_officer, office=office, moment=moment)
    assert (mine[InboxView.MINE], theirs[InboxView.MINE]) == (1, 0)


def test_counts_for_equal_instants_are_still_right(office, officer, in_state):
    in_state(Status.IN_PROGRESS)
    now = timezone.now()
    same = Moment(now=now, day_start=now, day_close=now)
    for _ in range(2):
        counted = selectors.saved_view_counts(user=officer, office=office, moment=same)
        assert counted == built_afresh(officer, office, same)
