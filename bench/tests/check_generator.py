"""The generator at a very small size, on the test database. Not collected by the suite (the
file name does not match `test_*.py`); run it on purpose:

    .venv/bin/pytest -p no:xdist bench/tests/check_generator.py
"""

import re
from collections import defaultdict

import pytest
import time_machine

from bench import common, generate
from konsultasi.consultations import alerting, clocks
from konsultasi.consultations.models import (
    OPEN_STATUSES,
    Consultation,
    Escalation,
    Event,
    Message,
    NumberSequence,
)
from konsultasi.consultations.sweep import sweep_clocks
from konsultasi.offices.calendar import office_calendar

SIZE = 300


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return generate.fill(SIZE)


def test_it_writes_the_size_asked_with_three_percent_open(dataset, db):
    assert Consultation.objects.count() == SIZE
    assert Consultation.objects.filter(status__in=OPEN_STATUSES).count() == round(SIZE * 0.03)
    assert dataset["open"] == round(SIZE * 0.03)


def test_every_consultation_has_its_question_and_a_history(dataset, db):
    questions = Message.objects.filter(kind=Message.Kind.QUESTION)
    assert questions.values("consultation").distinct().count() == SIZE
    assert questions.count() == SIZE
    assert Event.objects.values("consultation").distinct().count() == SIZE


def test_open_consultations_carry_the_deadlines_the_code_computes(dataset, db):
    opened = Consultation.objects.exclude(status__in=("closed", "cancelled")).select_related(
        "office", "service_type"
    )
    assert opened
    for consultation in opened:
        stored = _columns(consultation)
        escalation = consultation.escalations.open().order_by("-requested_at").first()
        cal = office_calendar(consultation.office, around=common.ANCHOR.date())
        recorded = alerting.recorded_alerts([consultation.pk]).get(consultation.pk, frozenset())
        clocks.recompute_deadlines(
            consultation, cal, open_escalation=escalation, recorded_alerts=recorded
        )
        assert _columns(consultation) == stored, consultation.number


def test_open_escalations_belong_to_escalated_consultations(dataset, db):
    open_escalations = Escalation.objects.open()
    assert {e.consultation.status for e in open_escalations} <= {"escalated"}
    assert open_escalations.count() == Consultation.objects.filter(status="escalated").count()


def test_numbers_are_gapless_per_office_and_year_and_the_sequences_go_on_from_them(dataset, db):
    seen = defaultdict(list)
    for office, number in Consultation.objects.values_list("office", "number"):
        year, sequence = re.fullmatch(r"\w+-(\d{4})-(\d+)", number).groups()
        seen[office, int(year)].append(int(sequence))
    for (office, year), sequences in seen.items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))
        assert NumberSequence.objects.get(office=office, year=year).last == len(sequences)


def test_a_sweep_at_the_anchor_finds_the_data_settled(dataset, db):
    with time_machine.travel(common.ANCHOR, tick=False):
        assert sweep_clocks(now=common.ANCHOR) == {"alerts": 0, "closed": 0}


def _columns(consultation: Consultation) -> dict:
    return {f.attname: getattr(consultation, f.attname) for f in Consultation._meta.concrete_fields}
