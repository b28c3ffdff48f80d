"""Where the clocks meet: waits before a deferral pause the follow-up promise, the derived
columns (nearest deadline, next alert) always agree with the deadlines and the recorded
alerts, and the sweep's bulk closing does what closing one by one does."""

from datetime import timedelta

import pytest
from django.utils import timezone

from konsultasi.consultations import alerting, services
from konsultasi.consultations.models import Consultation, Event
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.sweep import sweep_clocks
from konsultasi.consultations.tests.transition_checks import at
from konsultasi.offices.calendar import office_calendar


def test_a_wait_before_the_deferral_pauses_the_follow_up_promise(
    in_state, office_hours, officer, stakeholder_user
):
    c = in_state(S.IN_PROGRESS)  # Tuesday 1 September 09:00
    c = services.request_documents(actor=officer, consultation=c, description="Salinan SPM")
    office_hours.move_to(at(8, 9), tick=False)  # supplied Tuesday 8 September 09:00
    c = services.provide_documents(actor=stakeholder_user, consultation=c, note="Terlampir")
    c = services.defer_to_follow_up(actor=officer, consultation=c, reason="Perlu cek")
    # Friday 4 September 16:00, plus the 40 office hours waited: Friday 11 September 16:00.
    assert c.follow_up_due_at == at(11, 16)
    sweep_clocks(now=timezone.now())
    assert not c.alerts.exists()


def test_a_wait_during_follow_up_still_pauses_it(in_state, office_hours, officer, stakeholder_user):
    c = in_state(S.FOLLOW_UP)  # due Friday 4 September 16:00
    c = services.request_documents(actor=officer, consultation=c, description="SPM")
    office_hours.move_to(at(2, 9), tick=False)  # 8 office hours later
    c = services.provide_documents(actor=stakeholder_user, consultation=c, note="Ini")
    assert c.follow_up_due_at == at(7, 16)


def expected_derived(c: Consultation):
    cal = office_calendar(c.office, around=timezone.now().date())
    recorded = alerting.recorded_alerts([c.pk]).get(c.pk, frozenset())
    running = [c.service_due_at, c.follow_up_due_at, c.progress_due_at, c.escalation_due_at]
    nearest = min((d for d in running if d is not None), default=None)
    return nearest, alerting.next_alert_at(c, cal, recorded)


@pytest.mark.parametrize(
    "state", [S.NEW, S.IN_PROGRESS, S.WAITING_STAKEHOLDER, S.FOLLOW_UP, S.ESCALATED, S.RESOLVED]
)
def test_the_derived_columns_agree_with_the_deadlines(in_state, state):
    c = Consultation.objects.get(pk=in_state(state).pk)
    assert (c.nearest_due_at, c.next_alert_at) == expected_derived(c)


def test_a_new_consultation_is_next_looked_at_five_office_minutes_before_its_deadline(
    online_consultation,
):
    c = Consultation.objects.get(pk=online_consultation.pk)
    assert (c.nearest_due_at, c.next_alert_at) == (at(1, 9, 20), at(1, 9, 15))


def test_the_next_alert_moves_on_as_the_sweep_records_each_step(in_state, office_hours):
    c = in_state(S.IN_PROGRESS)  # service due 09:20
    office_hours.move_to(at(1, 9, 16), tick=False)
    sweep_clocks(now=timezone.now())
    c.refresh_from_db()
    assert c.next_alert_at == at(1, 9, 20)  # the breach, for the section head
    office_hours.move_to(at(1, 9, 21), tick=False)
    sweep_clocks(now=timezone.now())
    c.refresh_from_db()
    assert c.next_alert_at == at(1, 9, 40)  # 20 office minutes later, the office head


def test_a_change_keeps_the_steps_already_announced(in_state, office_hours, officer):
    c = in_state(S.IN_PROGRESS)
    office_hours.move_to(at(1, 9, 21), tick=False)
    sweep_clocks(now=timezone.now())
    c = services.add_note(actor=officer, consultation=c, body="Masih dicari")
    assert c.next_alert_at == at(1, 9, 40)


def test_nothing_runs_on_a_closed_consultation(in_state, stakeholder_user):
    c = services.close(actor=stakeholder_user, consultation=in_state(S.RESOLVED))
    assert (c.nearest_due_at, c.next_alert_at, c.auto_close_at) == (None, None, None)


def test_closing_after_the_quiet_period_in_bulk_matches_closing_one_by_one(in_state, office_hours):
    one, other = in_state(S.RESOLVED), in_state(S.RESOLVED)
    office_hours.move_to(at(4, 16), tick=False)  # the quiet period is over
    by_service = services.close(actor=None, consultation=one)
    assert services.close_quiet_consultations(now=timezone.now()) == 1
    in_bulk = Consultation.objects.get(pk=other.pk)
    fields = [
        "status", "version", "closed_at", "auto_close_at", "nearest_due_at", "next_alert_at",
        "service_due_at", "follow_up_due_at", "progress_due_at", "escalation_due_at",
    ]  # fmt: skip
    assert [getattr(in_bulk, f) for f in fields] == [getattr(by_service, f) for f in fields]
    shown = ("action", "from_status", "to_status", "reason", "actor", "created_at")
    events = [Event.objects.filter(consultation=c).values(*shown).last() for c in (one, other)]
    assert events[0] == events[1]


def test_a_consultation_reopened_before_the_bulk_closing_stays_open(
    in_state, office_hours, stakeholder_user
):
    c = in_state(S.RESOLVED)
    office_hours.move_to(at(4, 15, 59), tick=False)
    services.reopen(actor=stakeholder_user, consultation=c, reason="Belum jelas")
    office_hours.move_to(at(4, 16), tick=False)
    assert services.close_quiet_consultations(now=timezone.now()) == 0
    assert Consultation.objects.get(pk=c.pk).status == S.IN_PROGRESS


def test_closing_in_small_batches_closes_them_all(in_state, office_hours):
    cs = [in_state(S.RESOLVED) for _ in range(5)]
    office_hours.move_to(at(7, 9), tick=False)
    assert services.close_quiet_consultations(now=timezone.now(), batch_size=2) == 5
    assert {c.status for c in Consultation.objects.filter(pk__in=[c.pk for c in cs])} == {S.CLOSED}


def test_the_calendar_recomputation_keeps_the_derived_columns(in_state, office, office_hours):
    from konsultasi.consultations.calendar_changes import recompute_office_deadlines
    from konsultasi.offices.models import CalendarOverride

    c = in_state(S.FOLLOW_UP)  # due Friday 4 September 16:00
    CalendarOverride.objects.create(office=office, date=at(3, 9).date(), kind="closed", reason="x")
    recompute_office_deadlines(office_id=office.pk, now=timezone.now() + timedelta(seconds=1))
    c = Consultation.objects.get(pk=c.pk)
    assert c.follow_up_due_at == at(7, 16)
    assert (c.nearest_due_at, c.next_alert_at) == expected_derived(c)
