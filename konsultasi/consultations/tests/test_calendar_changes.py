from datetime import date

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from konsultasi.conftest import WIB
from konsultasi.consultations.calendar_changes import (
    recompute_office_deadlines,
    recompute_office_deadlines_task,
)
from konsultasi.consultations.models import Event, Status
from konsultasi.offices.models import CalendarOverride, ServiceType


def queued_recomputations() -> int:
    return DBTaskResult.objects.filter(
        task_path=recompute_office_deadlines_task.module_path
    ).count()


def test_a_new_closure_moves_a_follow_up_due_that_day(in_state, office):
    c = in_state(Status.FOLLOW_UP)  # due Friday 4 September 16:00
    CalendarOverride.objects.create(
        office=office, date=date(2026, 9, 3), kind="closed", reason="Penutupan kantor"
    )
    assert recompute_office_deadlines(office_id=office.pk, now=timezone.now()) == 1
    c.refresh_from_db()
    assert c.follow_up_due_at.astimezone(WIB).isoformat() == "2026-09-07T16:00:00+07:00"


def test_a_moved_deadline_is_recorded_in_the_history(in_state, office):
    c = in_state(Status.FOLLOW_UP)
    CalendarOverride.objects.create(office=office, date=date(2026, 9, 3), kind="closed", reason="x")
    recompute_office_deadlines(office_id=office.pk, now=timezone.now())
    event = Event.objects.get(consultation=c, action="recompute_deadlines")
    assert event.actor is None
    assert event.data["follow_up_due_at"] == [
        "2026-09-04T09:00:00+00:00",
        "2026-09-07T09:00:00+00:00",
    ]


def test_a_new_service_target_moves_the_service_clock(in_state, office, service_type):
    c = in_state(Status.IN_PROGRESS)  # 20 minutes: due 09:20
    ServiceType.objects.filter(pk=service_type.pk).update(target_minutes=30)
    recompute_office_deadlines(office_id=office.pk, now=timezone.now())
    c.refresh_from_db()
    assert c.service_due_at.astimezone(WIB).strftime("%H:%M") == "09:30"


def test_unchanged_deadlines_leave_no_trace(in_state, office):
    c = in_state(Status.FOLLOW_UP)
    assert recompute_office_deadlines(office_id=office.pk, now=timezone.now()) == 0
    assert not Event.objects.filter(consultation=c, action="recompute_deadlines").exists()


@pytest.mark.django_db(transaction=True)
def test_saving_a_calendar_override_queues_a_recomputation(office):
    before = queued_recomputations()
    CalendarOverride.objects.create(office=office, date=date(2026, 9, 3), kind="closed", reason="x")
    assert queued_recomputations() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_nothing(office):
    from django.db import transaction

    before = queued_recomputations()
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarOverride.objects.create(office=office, date=date(2026, 9, 3), kind="closed")
        raise RuntimeError("admin form failed")
    assert queued_recomputations() == before


@pytest.mark.django_db(transaction=True)
def test_many_changes_in_one_transaction_queue_one_recomputation(office):
    from django.db import transaction

    before = queued_recomputations()
    with transaction.atomic():
        for day in (3, 4, 7):
            CalendarOverride.objects.create(
                office=office, date=date(2026, 9, day), kind="closed", reason="x"
            )
    assert queued_recomputations() == before + 1


def test_a_recomputation_for_an_office_deleted_meanwhile_does_nothing(db):
    assert recompute_office_deadlines(office_id=987654, now=timezone.now()) == 0


def test_an_office_with_broken_hours_is_left_alone(in_state, office):
    from konsultasi.offices.models import WorkingHours

    c = in_state(Status.FOLLOW_UP)
    WorkingHours.objects.filter(office=office).delete()
    assert recompute_office_deadlines(office_id=office.pk, now=timezone.now()) == 0
    due = (c.follow_up_due_at, c.progress_due_at)
    c.refresh_from_db()
    assert (c.follow_up_due_at, c.progress_due_at) == due
    assert not Event.objects.filter(consultation=c, action="recompute_deadlines").exists()
