"""Queries kept per process and run again with new values answer what the same query built
afresh answers: the inbox page's ids and rows, for any instants and cursor, texts, and model
instances with their related rows, on either database."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konsultasi import kept_queries
from konsultasi.accounts.models import User
from konsultasi.consultations import selectors
from konsultasi.consultations.models import Consultation, Status
from konsultasi.consultations.selectors import Cursor, InboxFilters, InboxView
from konsultasi.consultations.tests.moments import moment_at
from konsultasi.kept_queries import kept_objects, kept_rows

pytestmark = pytest.mark.django_db


def page_afresh(user, office, filters, moment, after=None, size=50):
    """The page as the ORM builds it, without kept SQL."""
    found = selectors.inbox_queryset(user=user, office=office, filters=filters, moment=moment)
    if after is not None:
        found = found.filter(
            Q(nearest_due__gt=after.due) | Q(nearest_due=after.due, pk__gt=after.pk)
        )
    return list(found.values_list("pk", flat=True)[: size + 1])


@pytest.fixture
def many(in_state):
    states = [Status.IN_PROGRESS, Status.FOLLOW_UP, Status.ESCALATED, Status.NEW]
    return [in_state(status) for status in states * 2]


@pytest.mark.parametrize("view", [None, *InboxView])
def test_a_kept_page_follows_the_clock(office, officer, many, view):
    filters = InboxFilters(view=view)
    now = timezone.now()
    moments = [moment_at(now + timedelta(days=days)) for days in (0, 1, 3, 30)]
    moments.append(moment_at(now + timedelta(days=2), working_day=False))
    for moment in [*moments, *moments]:  # the second round runs the kept queries
        page = selectors.inbox_page(user=officer, office=office, filters=filters, moment=moment)
        assert [row.pk for row in page.rows] == page_afresh(officer, office, filters, moment)


def test_a_kept_page_follows_its_cursor(office, officer, many):
    filters, moment = InboxFilters(), moment_at(timezone.now() + timedelta(days=1))
    everything = page_afresh(officer, office, filters, moment)
    seen = []
    for _ in range(2):  # the second round runs the kept queries
        after, seen = None, []
        while True:
            page = selectors.inbox_page(
                user=officer, office=office, filters=filters, moment=moment, after=after, size=3
            )
            seen += [row.pk for row in page.rows]
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert seen == everything
    last = Consultation.objects.get(pk=everything[-1])
    past_the_end = Cursor(due=last.nearest_due_at or selectors.NO_DEADLINE, pk=last.pk)
    page = selectors.inbox_page(
        user=officer, office=office, filters=filters, moment=moment, after=past_the_end
    )
    assert page.rows == [] and page.next_cursor is None


def test_a_kept_page_is_two_queries(office, officer, many):
    moment = moment_at(timezone.now())
    selectors.inbox_page(user=officer, office=office, filters=InboxFilters(), moment=moment)
    with CaptureQueriesContext(connection) as captured:
        selectors.inbox_page(user=officer, office=office, filters=InboxFilters(), moment=moment)
    assert len(captured) == 2


def test_one_officers_kept_page_is_not_anothers(office, officer, second_officer, many):
    filters, moment = InboxFilters(view=InboxView.MINE), moment_at(timezone.now())
    mine = selectors.inbox_page(user=officer, office=office, filters=filters, moment=moment)
    theirs = selectors.inbox_page(
        user=second_officer, office=office, filters=filters, moment=moment
    )
    assert mine.rows and not theirs.rows


def test_kept_rows_read_instants_as_the_orm_does(office, many):
    """Datetimes come back as the ORM gives them (SQLite returns text; its converters apply)."""

    def build(values):
        return (
            Consultation.objects.filter(received_at__lte=values["until"])
            .order_by("pk")
            .values_list("pk", "received_at", "nearest_due_at")
        )

    until = timezone.now() + timedelta(days=1)
    for _ in range(2):
        assert kept_rows(("test instants",), build, {"until": until}) == list(
            build({"until": until})
        )
    assert kept_rows(("test instants",), build, {"until": until - timedelta(days=400)}) == []


def test_a_query_that_can_have_no_rows_is_kept_as_such(office, many):
    def build(values):
        return Consultation.objects.filter(pk__in=[]).values_list("pk")

    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert kept_rows(("test nothing",), build, {}) == []
        assert len(captured) == 0


def test_only_instants_integers_and_texts_have_stand_ins():
    with pytest.raises(TypeError):
        kept_queries._stand_in(0, True)
    with pytest.raises(TypeError):
        kept_queries._stand_in(0, 1.5)


def by_token(values):
    return (
        Consultation.objects.filter(office_id=values["office"], client_token=values["token"])
        .order_by()
        .values_list("pk", "client_token")
    )


def test_kept_rows_take_texts(office, in_state):
    first, second = in_state(Status.NEW), in_state(Status.NEW)
    Consultation.objects.filter(pk=first.pk).update(client_token="satu")
    Consultation.objects.filter(pk=second.pk).update(client_token="dua")
    for token, pk in [("satu", first.pk), ("dua", second.pk), ("satu", first.pk)]:
        found = kept_rows(("test token",), by_token, {"office": office.pk, "token": token})
        assert found == [(pk, token)]
    assert kept_rows(("test token",), by_token, {"office": office.pk, "token": "tiga"}) == []


def test_a_text_a_lookup_rewrites_is_refused(office):
    def containing(values):
        return Consultation.objects.filter(subject__contains=values["words"]).values_list("pk")

    with pytest.raises(ValueError, match="words"):
        kept_rows(("test contains",), containing, {"words": "SPM"})


def test_a_text_the_builder_branches_on_is_refused(office):
    def branching(values):
        subject = "x" if values["words"] else "y"
        return Consultation.objects.filter(subject=subject).values_list("pk")

    with pytest.raises(ValueError, match="words"):
        kept_rows(("test branch",), branching, {"words": "SPM"})


def with_people(values):
    return (
        Consultation.objects.select_related("stakeholder__user", "channel", "assignee")
        .filter(office_id=values["office"], status=values["status"])
        .order_by("pk")
    )


@pytest.mark.parametrize("status", [Status.NEW, Status.IN_PROGRESS])
def test_kept_objects_are_the_instances_the_orm_builds(office, many, status):
    values = {"office": office.pk, "status": status.value}
    expected = list(with_people(values))
    for _ in range(2):  # the second round runs the kept query
        found = kept_objects(("test people",), with_people, values)
        assert [c.pk for c in found] == [c.pk for c in expected] and found
        for mine, theirs in zip(found, expected, strict=True):
            assert mine.__dict__.keys() >= {f.attname for f in Consultation._meta.concrete_fields}
            assert {f.attname: getattr(mine, f.attname) for f in Consultation._meta.fields} == {
                f.attname: getattr(theirs, f.attname) for f in Consultation._meta.fields
            }
            assert not mine._state.adding and mine._state.db == theirs._state.db
            with CaptureQueriesContext(connection) as captured:
                related = (mine.stakeholder.user, mine.channel.code, mine.assignee)
            assert len(captured) == 0
            assert related == (theirs.stakeholder.user, theirs.channel.code, theirs.assignee)


def test_kept_objects_know_a_missing_reverse_one_to_one_without_asking(officer):
    def with_profile(values):
        return User.objects.select_related("stakeholder_profile").filter(pk=values["user"])

    for _ in range(2):
        (found,) = kept_objects(("test profile",), with_profile, {"user": officer.pk})
        with CaptureQueriesContext(connection) as captured:
            assert getattr(found, "stakeholder_profile", None) is None
        assert len(captured) == 0


def test_kept_objects_carry_their_annotations(office, many):
    def annotated(values):
        return (
            Consultation.objects.filter(office_id=values["office"])
            .annotate(lines=Count("events"))
            .order_by("pk")
        )

    expected = [(c.pk, c.lines) for c in annotated({"office": office.pk})]
    for _ in range(2):
        found = kept_objects(("test annotated",), annotated, {"office": office.pk})
        assert [(c.pk, c.lines) for c in found] == expected


def test_kept_objects_refuse_what_needs_a_second_query(office):
    def prefetching(values):
        return Consultation.objects.prefetch_related("events").filter(pk=values["pk"])

    with pytest.raises(ValueError, match="model rows"):
        kept_objects(("test prefetching",), prefetching, {"pk": 1})


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def subject_after(values):
    return Consultation.objects.filter(subject="x", pk__gt=values["after"]).values_list("pk")


SUBJECT_AFTER = '"consultations_consultation"."subject" = $2'


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
def test_a_kept_query_run_again_is_prepared_once_on_postgresql(office, many):
    for after in range(6):
        assert kept_rows(("test prepared",), subject_after, {"after": after}) == []
    assert sum(SUBJECT_AFTER in statement for statement in prepared_statements()) == 1
