"""Answer suggestions from the question: the best entries and the office's most similar
resolved consultations, never another office's."""

from datetime import time

import pytest
from django.db import connection

from konsultasi.conftest import make_stakeholder
from konsultasi.consultations import services as lifecycle
from konsultasi.consultations.models import Status
from konsultasi.knowledge.backends import PostgresBackend
from konsultasi.knowledge.search import similar_consultations, suggest_answers
from konsultasi.offices.models import WorkingHours


def resolved(office, stakeholder_user, officer, *, subject, question, answer):
    c = lifecycle.submit_question(
        actor=stakeholder_user, office=office, subject=subject, question=question
    )
    lifecycle.claim(officer=officer, consultation=c)
    return lifecycle.resolve(actor=officer, consultation=c, answer=answer)


def test_suggestions_give_entries_and_similar_resolved_consultations(
    library, office_hours, office, stakeholder_user, officer
):
    earlier = resolved(
        office,
        stakeholder_user,
        officer,
        subject="Retur SP2D gaji",
        question="Gaji kami diretur bank",
        answer="Ajukan perbaikan rekening",
    )
    now = lifecycle.submit_question(
        actor=stakeholder_user,
        office=office,
        subject="Dana diretur",
        question="SP2D kami retur, gmn?",
    )
    found = suggest_answers(now)
    assert found.entries[0].entry.slug == "test-per-retur"
    assert [h.consultation for h in found.consultations] == [earlier]
    assert "Ajukan perbaikan rekening" in found.consultations[0].consultation.resolution


def test_suggestions_include_internal_entries_for_the_officer(
    library, office_hours, office, stakeholder_user
):
    now = lifecycle.submit_question(
        actor=stakeholder_user, office=office, subject="Retur berulang", question="Retur lagi"
    )
    assert "test-internal-sop" in [h.entry.slug for h in suggest_answers(now).entries]


def test_another_offices_consultations_are_never_suggested(
    office_hours, office, other_office, stakeholder_user, officer, outsider
):
    for weekday in range(5):
        WorkingHours.objects.create(
            office=other_office, weekday=weekday, opens=time(8), closes=time(16)
        )
    theirs = make_stakeholder(other_office, "satker-dumai")
    elsewhere = resolved(
        other_office,
        theirs.user,
        outsider,
        subject="Retur SP2D",
        question="Dana retur",
        answer="Jawaban kantor lain",
    )
    assert elsewhere.office == other_office
    assert similar_consultations(office=office, text="retur sp2d") == []
    assert [h.consultation for h in similar_consultations(office=other_office, text="retur")] == [
        elsewhere
    ]


def test_the_consultation_itself_is_not_suggested(in_state, office):
    c = in_state(Status.RESOLVED)
    assert similar_consultations(office=office, text=c.resolution, exclude=c) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's way with common words")
def test_with_common_words_the_newest_matching_consultations_of_the_office_are_ranked(
    monkeypatch, office_hours, office, other_office, stakeholder_user, officer, outsider
):
    for weekday in range(5):
        WorkingHours.objects.create(
            office=other_office, weekday=weekday, opens=time(8), closes=time(16)
        )
    theirs = make_stakeholder(other_office, "satker-dumai")
    resolved(
        other_office, theirs.user, outsider, subject="Retur SP2D", question="Dana retur", answer="x"
    )
    older, newer = (
        resolved(
            office,
            stakeholder_user,
            officer,
            subject=subject,
            question="Dana retur",
            answer="Ajukan perbaikan rekening",
        )
        for subject in ("Retur SP2D gaji", "Retur SP2D gaji")
    )
    asking = resolved(
        office, stakeholder_user, officer, subject="Retur SP2D", question="retur", answer="y"
    )
    # The statistics say every consultation has these words (a million, all of them): the
    # candidates are read from the office's newest consultations.
    monkeypatch.setattr(
        PostgresBackend,
        "_estimated",
        lambda self, table, column, terms: (dict.fromkeys(terms, 1_000_000), 1_000_000),
    )
    hits = similar_consultations(office=office, text="retur sp2d", exclude=asking)
    assert [h.consultation for h in hits] == [newer, older]
