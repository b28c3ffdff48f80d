"""The generator at a very small size, on the test database. Not collected by the suite (the
file name does not match `test_*.py`); run it on purpose:

    .venv/bin/pytest -p no:xdist bench/tests/check_generator.py
"""

import re
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
import time_machine

from bench import common, generate
from konsultasi.accounts.models import OfficeRole, Role
from konsultasi.consultations import alerting, clocks
from konsultasi.consultations.models import (
    OPEN_STATUSES,
    Alert,
    Consultation,
    Escalation,
    Event,
    Message,
    NumberSequence,
)
from konsultasi.consultations.notify import outside_address
from konsultasi.consultations.sweep import sweep_clocks
from konsultasi.notifications.models import NoticeReading, OutboxMessage
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


# What each step's service announces (consultations.services, escalations, intake).
ANNOUNCED = {
    "submit": ["received", "new_consultation"],
    "register_walk_in": ["received"],
    "claim": ["claimed"],
    "request_documents": ["documents_requested"],
    "provide_documents": ["documents_provided"],
    "defer": ["deferred"],
    "post_progress": ["progress"],
    "escalate": ["escalated"],
    "hand_to_hai": ["handed_to_hai"],
    "answer_escalation": ["escalation_answered"],
    "record_hai_answer": ["hai_answered"],
    "resolve": ["resolved"],
    "cancel": ["cancelled"],
}
TO_THE_STAKEHOLDER = {"received", "claimed", "documents_requested", "deferred", "progress"}
TO_THE_STAKEHOLDER |= {"handed_to_hai", "resolved", "cancelled"}


def test_every_step_is_announced_as_its_service_announces_it(dataset, db):
    unheard = {
        c.pk
        for c in Consultation.objects.select_related("stakeholder")
        if not c.stakeholder.user_id and outside_address(c.stakeholder) is None
    }
    expected = Counter(
        (consultation, kind)
        for consultation, action in Event.objects.values_list("consultation", "action")
        for kind in ANNOUNCED.get(action, [])
        if not (kind in TO_THE_STAKEHOLDER and consultation in unheard)
    )
    announced = Counter(
        (consultation, kind)
        for consultation, kind, _ in OutboxMessage.objects.exclude(kind__startswith="clock_")
        .values_list("consultation", "kind", "created_at")
        .distinct()
    )
    assert announced == expected


def test_a_new_question_not_taken_at_the_desk_is_one_notice_to_the_officers(dataset, db):
    notices = OutboxMessage.objects.filter(recipient=None, channel=OutboxMessage.Channel.IN_APP)
    submitted = Event.objects.filter(action="submit").values_list("consultation", flat=True)
    assert sorted(notices.values_list("consultation", flat=True)) == sorted(submitted)
    assert set(notices.values_list("kind", flat=True)) == {"new_consultation"}


def test_the_stakeholder_hears_in_the_portal_and_on_the_channel_they_prefer(dataset, db):
    for row in OutboxMessage.objects.filter(kind="received").select_related(
        "consultation__stakeholder"
    ):
        profile = row.consultation.stakeholder
        if row.channel == OutboxMessage.Channel.IN_APP:
            assert row.recipient_id == profile.user_id
        else:
            assert (row.channel, row.address) == outside_address(profile)
            assert row.language == profile.language
        assert row.subject == f"[{row.consultation.number}] {row.consultation.subject}"[:200]


def test_every_clock_alert_of_the_history_is_announced_to_whoever_the_sweep_tells(dataset, db):
    in_app = OutboxMessage.objects.filter(
        kind__startswith="clock_", channel=OutboxMessage.Channel.IN_APP
    )
    told = defaultdict(set)
    for consultation, kind, recipient in in_app.values_list("consultation", "kind", "recipient"):
        told[consultation, kind].add(recipient)
    # The history's alerts (the settling sweep's, at the anchor, leave out an officer step
    # breached in the same sweep, as every sweep does).
    history = Alert.objects.filter(created_at__lt=common.ANCHOR).select_related("consultation")
    assert history
    for alert in history:
        c = alert.consultation
        if alert.step == Alert.Step.OFFICER:
            expected = {c.assignee_id}
        elif alert.step == Alert.Step.SECTION_HEAD:
            head = OfficeRole.objects.get(role=Role.SECTION_HEAD, section=c.section_id)
            expected = {c.assignee_id, head.user_id}
        else:
            expected = {OfficeRole.objects.get(role=Role.OFFICE_HEAD, office=c.office_id).user_id}
        assert told[c.pk, f"clock_{alert.clock}_{alert.step}"] == expected, alert
    alerts = {(a.consultation_id, f"clock_{a.clock}_{a.step}") for a in Alert.objects.all()}
    assert set(told) <= alerts
    by_email = OutboxMessage.objects.filter(
        kind__startswith="clock_", channel=OutboxMessage.Channel.EMAIL
    )
    assert by_email.count() == in_app.count()


def test_messages_sent_outside_are_sent_by_the_anchor_but_the_last_minutes(dataset, db):
    outside = OutboxMessage.objects.exclude(channel=OutboxMessage.Channel.IN_APP)
    assert outside.filter(state=OutboxMessage.State.SENT).count() > 0.9 * outside.count()
    for row in outside:
        if row.state == OutboxMessage.State.SENT:
            assert row.created_at < row.sent_at <= common.ANCHOR
            assert row.attempts == 1
        elif row.state == OutboxMessage.State.PENDING:
            assert row.created_at > common.ANCHOR - timedelta(minutes=1)
        else:
            assert row.state == OutboxMessage.State.PARKED and row.last_error


def test_officers_have_read_what_is_older_than_two_weeks(dataset, db):
    staff_rows = OutboxMessage.objects.filter(
        channel=OutboxMessage.Channel.IN_APP, recipient__stakeholder_profile=None
    ).exclude(recipient=None)
    unread = staff_rows.filter(read_at=None)
    assert staff_rows.exclude(read_at=None).exists()
    assert not unread.filter(created_at__lt=common.ANCHOR - timedelta(days=14)).exists()
    for row in staff_rows.exclude(read_at=None):
        assert row.created_at <= row.read_at <= common.ANCHOR


def test_an_officers_notice_is_read_before_its_question_is_claimed(dataset, db):
    for reading in NoticeReading.objects.select_related("notice"):
        claims = Event.objects.filter(consultation=reading.notice.consultation_id, action="claim")
        claimed = claims.values_list("created_at", flat=True).first() or common.ANCHOR
        assert reading.notice.created_at <= reading.read_at <= claimed


def _columns(consultation: Consultation) -> dict:
    return {f.attname: getattr(consultation, f.attname) for f in Consultation._meta.concrete_fields}
