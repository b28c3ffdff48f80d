"""The follow-up due date shown before deferring is the one deferring then sets."""

import pytest

from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.previews import follow_up_due_if_deferred
from konsultasi.consultations.tests.transition_checks import at
from konsultasi.offices.calendar import office_calendar


@pytest.mark.parametrize(
    ("deferred_at", "due"),
    [
        (at(1, 10), at(4, 16)),  # Tuesday → the close of Friday
        (at(4, 15, 30), at(9, 16)),  # Friday afternoon → Wednesday
        (at(13, 10, month=8), at(19, 16, month=8)),  # over Independence Day (17 August)
    ],
)
def test_the_preview_is_the_date_deferring_sets(
    office_hours, in_state, officer, office, deferred_at, due
):
    office_hours.move_to(deferred_at.replace(hour=9, minute=0), tick=False)
    c = in_state(S.IN_PROGRESS)
    office_hours.move_to(deferred_at, tick=False)
    cal = office_calendar(office, around=deferred_at.date())

    preview = follow_up_due_if_deferred(c, cal=cal, now=deferred_at)
    deferred = services.defer_to_follow_up(actor=officer, consultation=c, reason="Cek")

    assert preview == deferred.follow_up_due_at == due


def test_the_preview_changes_nothing(in_state, office):
    c = in_state(S.IN_PROGRESS)
    before = Consultation.objects.filter(pk=c.pk).values().get()
    follow_up_due_if_deferred(
        c, cal=office_calendar(office, around=c.received_at.date()), now=at(1, 10)
    )
    assert Consultation.objects.filter(pk=c.pk).values().get() == before
    assert (c.status, c.service_ended_at, c.deferred_at) == (S.IN_PROGRESS, None, None)
