from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from konsultasi.accounts.models import Role
from konsultasi.conftest import WIB, make_staff
from konsultasi.consultations import services
from konsultasi.consultations.models import Alert, Consultation, Event, Status
from konsultasi.consultations.sweep import sweep_clocks
from konsultasi.consultations.tasks import sweep_clocks_task
from konsultasi.notifications.models import OutboxMessage
from konsultasi.offices.models import Section, WorkingHours


def alerts(c):
    return sorted(Alert.objects.filter(consultation=c).values_list("clock", "step"))


def told(kind_prefix):
    return sorted(
        OutboxMessage.objects.filter(kind__startswith=kind_prefix).values_list(
            "kind", "recipient__username"
        )
    )


def test_nothing_is_recorded_while_the_clock_is_far_from_its_deadline(in_state, office_hours):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=10))
    assert sweep_clocks(now=timezone.now()) == {"alerts": 0, "closed": 0}
    assert alerts(c) == []


def test_an_approaching_service_deadline_alerts_the_officer(in_state, office_hours):
    c = in_state(Status.IN_PROGRESS)  # due 09:20
    office_hours.shift(timedelta(minutes=16))
    sweep_clocks(now=timezone.now())
    assert alerts(c) == [("service", "officer")]
    assert told("clock_service") == [("clock_service_officer", "officer")]


def test_a_breached_deadline_alerts_the_section_head_too(in_state, office_hours):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    sweep_clocks(now=timezone.now())
    assert alerts(c) == [("service", "officer"), ("service", "section_head")]
    assert ("clock_service_section_head", "kasi") in told("clock_service")


def test_a_long_breached_deadline_reaches_the_office_head(in_state, office_hours, office):
    make_staff(office, Role.OFFICE_HEAD, "kakan")
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=45))
    sweep_clocks(now=timezone.now())
    assert ("service", "office_head") in alerts(c)
    assert ("clock_service_office_head", "kakan") in told("clock_service")


def test_each_alert_is_recorded_and_announced_once_however_often_the_sweep_runs(
    in_state, office_hours
):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    first = sweep_clocks(now=timezone.now())
    second = sweep_clocks(now=timezone.now())
    assert (first["alerts"], second["alerts"]) == (1, 0)
    assert len(alerts(c)) == 2
    assert told("clock_") == [
        ("clock_service_section_head", "kasi"),
        ("clock_service_section_head", "officer"),
    ]


def test_a_deadline_first_seen_passed_is_announced_as_breached_not_as_approaching(
    in_state, office_hours
):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))  # the sweep was not running at 09:15
    sweep_clocks(now=timezone.now())
    assert alerts(c) == [("service", "officer"), ("service", "section_head")]
    assert told("clock_service_officer") == []


def test_a_paused_clock_raises_no_alert(in_state, office_hours):
    c = in_state(Status.WAITING_STAKEHOLDER)
    office_hours.shift(timedelta(hours=3))
    sweep_clocks(now=timezone.now())
    assert alerts(c) == []


def test_a_missing_progress_update_is_flagged(in_state, office_hours):
    c = in_state(Status.FOLLOW_UP)  # deferred Tuesday; progress due Wednesday 16:00
    office_hours.shift(timedelta(days=1, hours=7, minutes=1))  # Wednesday 16:01
    sweep_clocks(now=timezone.now())
    assert ("progress", "section_head") in alerts(c)
    assert ("follow_up", "officer") not in alerts(c)


def test_an_overdue_follow_up_is_flagged(in_state, office_hours, officer):
    c = in_state(Status.FOLLOW_UP)  # due Friday 4 September 16:00
    office_hours.move_to("2026-09-04T16:01+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    assert ("follow_up", "section_head") in alerts(c)


def test_an_unanswered_escalation_is_flagged(in_state, office_hours):
    c = in_state(Status.ESCALATED)  # the section head answers by Wednesday 16:00
    office_hours.move_to("2026-09-02T16:01+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    assert ("escalation", "section_head") in alerts(c)


def test_a_new_deadline_after_a_progress_update_can_alert_again(in_state, office_hours, officer):
    c = in_state(Status.FOLLOW_UP)
    office_hours.move_to("2026-09-02T16:01+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    services.post_progress(actor=officer, consultation=c, body="Masih dicek")
    office_hours.move_to("2026-09-03T16:01+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    progress = Alert.objects.filter(consultation=c, clock="progress", step="section_head")
    assert progress.count() == 2


def test_the_sweep_closes_resolved_consultations_after_the_quiet_period(in_state, office_hours):
    c = in_state(Status.RESOLVED)  # quiet until Friday 4 September 16:00
    office_hours.move_to("2026-09-04T15:59+07:00", tick=False)
    assert sweep_clocks(now=timezone.now())["closed"] == 0
    office_hours.move_to("2026-09-04T16:00+07:00", tick=False)
    assert sweep_clocks(now=timezone.now())["closed"] == 1
    c.refresh_from_db()
    assert c.status == Status.CLOSED
    closing = Event.objects.get(consultation=c, action="close")
    assert (closing.actor, closing.reason) == (None, "quiet period over")


def test_the_sweep_runs_as_a_background_task(in_state, office_hours):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    assert sweep_clocks_task.call() == {"alerts": 1, "closed": 0}
    assert len(alerts(c)) == 2


@pytest.mark.django_db
def test_the_scheduler_keeps_one_sweep_waiting_at_a_time():
    call_command("schedule_clock_sweeps", "--once")
    call_command("schedule_clock_sweeps", "--once")
    waiting = DBTaskResult.objects.ready().filter(task_path=sweep_clocks_task.module_path)
    assert waiting.count() == 1


def test_the_office_head_hears_after_a_working_day_not_over_the_weekend(
    in_state, office_hours, office
):
    make_staff(office, Role.OFFICE_HEAD, "kakan")
    c = in_state(Status.FOLLOW_UP)  # due Friday 4 September 16:00
    office_hours.move_to("2026-09-05T16:01+07:00", tick=False)  # Saturday
    sweep_clocks(now=timezone.now())
    assert ("follow_up", "office_head") not in alerts(c)
    office_hours.move_to("2026-09-07T16:00+07:00", tick=False)  # Monday close: 8 office hours
    sweep_clocks(now=timezone.now())
    assert ("follow_up", "office_head") in alerts(c)


def test_a_deadline_near_closing_reaches_the_office_head_next_morning(
    in_state, office_hours, office
):
    make_staff(office, Role.OFFICE_HEAD, "kakan")
    office_hours.move_to("2026-09-01T15:30+07:00", tick=False)
    c = in_state(Status.IN_PROGRESS)  # due 15:50
    office_hours.move_to("2026-09-01T16:10+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    assert ("service", "office_head") not in alerts(c)
    office_hours.move_to("2026-09-02T08:10+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    assert ("service", "office_head") in alerts(c)


def test_a_deadline_after_the_weekend_is_approaching_on_friday_afternoon(
    in_state, office_hours, officer
):
    c = in_state(Status.FOLLOW_UP)
    c.follow_up_due_at = datetime(2026, 9, 7, 11, 0, tzinfo=WIB)  # Monday 11:00
    Consultation.objects.filter(pk=c.pk).update(follow_up_due_at=c.follow_up_due_at)
    office_hours.move_to("2026-09-04T14:59+07:00", tick=False)  # 4 h 1 min of office time left
    sweep_clocks(now=timezone.now())
    assert ("follow_up", "officer") not in alerts(c)
    office_hours.move_to("2026-09-04T15:00+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    assert ("follow_up", "officer") in alerts(c)


def test_a_breach_nobody_has_claimed_reaches_the_officers_and_the_office_head(
    online_consultation, office_hours, office, officer
):
    make_staff(office, Role.OFFICE_HEAD, "kakan")
    office_hours.shift(timedelta(minutes=21))
    sweep_clocks(now=timezone.now())
    assert told("clock_service_section_head") == [
        ("clock_service_section_head", "kakan"),
        ("clock_service_section_head", "officer"),
    ]


def test_an_unanswered_escalation_reaches_the_head_it_was_escalated_to(
    in_state, office_hours, office, officer
):
    bank = Section.objects.get(office=office, code="bank")
    make_staff(office, Role.SECTION_HEAD, "kasi-bank", section=bank)
    services.escalate(
        actor=officer, consultation=in_state(Status.IN_PROGRESS), reason="Retur?", section=bank
    )
    office_hours.move_to("2026-09-02T16:01+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    assert ("clock_escalation_section_head", "kasi-bank") in told("clock_escalation")
    assert ("clock_escalation_section_head", "kasi") not in told("clock_escalation")


def test_an_office_with_broken_hours_is_skipped_not_fatal(in_state, office_hours, office):
    c = in_state(Status.IN_PROGRESS)
    WorkingHours.objects.filter(office=office).delete()
    office_hours.shift(timedelta(minutes=21))
    assert sweep_clocks(now=timezone.now()) == {"alerts": 0, "closed": 0}
    assert alerts(c) == []


def test_an_approaching_escalation_deadline_warns_the_head_who_must_answer(in_state, office_hours):
    c = in_state(Status.ESCALATED)  # the section head answers by Wednesday 16:00
    office_hours.move_to("2026-09-02T14:30+07:00", tick=False)
    sweep_clocks(now=timezone.now())
    assert ("escalation", "officer") in alerts(c)
    assert ("clock_escalation_officer", "kasi") in told("clock_escalation")


def test_no_service_alert_follows_an_escalation_answered_in_time(
    in_state, office_hours, office, officer, section_head
):
    make_staff(office, Role.OFFICE_HEAD, "kakan")
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=5))
    c = services.escalate(actor=officer, consultation=c, reason="Mohon konfirmasi")
    office_hours.shift(timedelta(minutes=30))
    sweep_clocks(now=timezone.now())
    services.answer_escalation(actor=section_head, consultation=c, answer="Boleh")
    sweep_clocks(now=timezone.now())
    office_hours.shift(timedelta(hours=2))
    sweep_clocks(now=timezone.now())
    assert alerts(c) == []
    assert told("clock_") == []


def test_an_overdue_consultation_already_announced_is_not_read_again(in_state, office_hours):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=45))
    sweep_clocks(now=timezone.now())  # every step reached and announced
    office_hours.shift(timedelta(minutes=1))
    with CaptureQueriesContext(connection) as settled:
        assert sweep_clocks(now=timezone.now()) == {"alerts": 0, "closed": 0}
    # One look for due alerts and one for quiet consultations to close; nothing written.
    statements = [q["sql"].split()[0] for q in settled.captured_queries]
    assert [s for s in statements if s not in ("SAVEPOINT", "RELEASE")] == ["SELECT", "SELECT"]


def breached(in_state, n):
    return [in_state(Status.IN_PROGRESS) for _ in range(n)]


def test_the_sweeps_queries_do_not_grow_with_the_number_of_alerts_or_closings(
    in_state, office_hours
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    breached(in_state, 2)
    in_state(Status.RESOLVED)
    office_hours.move_to("2026-09-07T09:00+07:00", tick=False)
    with CaptureQueriesContext(connection) as few:
        assert sweep_clocks(now=timezone.now())["closed"] == 1
    office_hours.move_to("2026-09-01T09:00+07:00", tick=False)
    breached(in_state, 6)
    for _ in range(5):
        in_state(Status.RESOLVED)
    office_hours.move_to("2026-09-08T09:00+07:00", tick=False)
    with CaptureQueriesContext(connection) as many:
        assert sweep_clocks(now=timezone.now())["closed"] == 5
    assert len(many) == len(few)


def test_a_catch_up_works_in_batches(in_state, office_hours):
    cs = breached(in_state, 5)
    office_hours.shift(timedelta(minutes=45))
    assert sweep_clocks(now=timezone.now(), batch_size=2)["alerts"] == 5 * 2
    assert all(len(alerts(c)) == 3 for c in cs)


def read_then_change(monkeypatch, change):
    """Let the sweep read its batch, then make `change` before it writes."""
    from konsultasi.consultations import sweep

    real = sweep._due_batch
    calls = []

    def batch_then_change(now, after, size):
        found = real(now, after, size)
        if not calls:
            calls.append(found)
            change()
        return found

    monkeypatch.setattr(sweep, "_due_batch", batch_then_change)


def test_a_consultation_answered_while_the_sweep_reads_is_not_announced(
    in_state, office_hours, officer, monkeypatch
):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    read_then_change(
        monkeypatch, lambda: services.resolve(actor=officer, consultation=c, answer="Sudah")
    )
    assert sweep_clocks(now=timezone.now())["alerts"] == 0
    assert told("clock_") == []
    assert alerts(c) == []


def test_a_consultation_escalated_while_the_sweep_reads_gets_no_service_alert(
    in_state, office_hours, officer, section_head, monkeypatch
):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    read_then_change(
        monkeypatch, lambda: services.escalate(actor=officer, consultation=c, reason="?")
    )
    assert sweep_clocks(now=timezone.now())["alerts"] == 0
    services.answer_escalation(actor=section_head, consultation=c, answer="Boleh")
    sweep_clocks(now=timezone.now())
    assert [a for a in alerts(c) if a[0] == "service"] == []


def test_a_change_that_leaves_a_step_unannounced_is_judged_again_next_time(
    in_state, office_hours, officer, monkeypatch
):
    c = in_state(Status.IN_PROGRESS)
    office_hours.shift(timedelta(minutes=21))
    read_then_change(
        monkeypatch, lambda: services.add_note(actor=officer, consultation=c, body="Catatan")
    )
    assert sweep_clocks(now=timezone.now())["alerts"] == 0
    monkeypatch.undo()
    assert sweep_clocks(now=timezone.now())["alerts"] == 1
    assert ("clock_service_section_head", "kasi") in told("clock_service")
