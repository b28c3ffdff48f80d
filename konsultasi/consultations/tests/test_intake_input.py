"""Bad input at intake gets a clear refusal, never a crash (quality items 1 and 4): characters
a database cannot store, control characters and direction overrides, and the time a logged
contact was received (aware, not in the future, not further back than the office allows)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from konsultasi.conftest import WIB
from konsultasi.consultations import services
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.models import Consultation, Message
from konsultasi.offices.models import Channel

pytestmark = pytest.mark.usefixtures("english")


def submit(actor, office, **extra):
    fields = {"subject": "Retur SP2D", "question": "Dana retur belum kembali.", **extra}
    return services.submit_question(actor=actor, office=office, **fields)


def log_contact(officer, office, stakeholder, **extra):
    fields = {
        "channel": Channel.objects.get(code="telepon"),
        "stakeholder": stakeholder,
        "subject": "Gaji ke-13",
        "question": "Kapan gaji ke-13 dibayarkan?",
        **extra,
    }
    return services.submit_question(actor=officer, office=office, **fields)


# --- characters that cannot be stored ----------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("subject", "Retur\x00SP2D", "subject"),
        ("question", "Dana retur\x00 belum kembali.", "question"),
        ("client_token", "tok\x00en", "submission token"),
        ("subject", "Retur \ud800", "subject"),
        ("question", "Dana \udfff retur", "question"),
        ("client_token", "tok-\ud83d", "submission token"),
    ],
    ids=[
        "nul-in-subject",
        "nul-in-question",
        "nul-in-token",
        "surrogate-in-subject",
        "surrogate-in-question",
        "surrogate-in-token",
    ],
)
def test_a_character_that_cannot_be_stored_is_refused_and_nothing_saved(
    office_hours, office, stakeholder_user, field, value, named
):
    with pytest.raises(InvalidInput, match=rf"(?i)the {named} contains a character"):
        submit(stakeholder_user, office, **{field: value})
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("subject", 42), ("question", ["Dana"]), ("client_token", 7)],
    ids=["number-as-subject", "list-as-question", "number-as-token"],
)
def test_something_that_is_not_text_is_refused(
    office_hours, office, stakeholder_user, field, value
):
    with pytest.raises(InvalidInput, match="must be text"):
        submit(stakeholder_user, office, **{field: value})


def test_control_characters_and_direction_overrides_are_stripped_from_the_subject(
    office_hours, office, stakeholder_user
):
    c = submit(stakeholder_user, office, subject="Retur\u202e SP2D\r\nBcc: x@example.id\x1b")
    assert Consultation.objects.get(pk=c.pk).subject == "Retur SP2D Bcc: x@example.id"


def test_the_question_keeps_its_lines_and_loses_other_controls(
    office_hours, office, stakeholder_user
):
    c = submit(
        stakeholder_user, office, question="Yth. KPPN,\r\n\tSPM\x07 kami\u2066 belum terbit."
    )
    expected = "Yth. KPPN,\n\tSPM kami belum terbit."
    assert Consultation.objects.get(pk=c.pk).question == expected
    assert Message.objects.get(consultation=c).body == expected


def test_a_subject_of_nothing_but_controls_is_refused_as_blank(
    office_hours, office, stakeholder_user
):
    with pytest.raises(InvalidInput, match="Write a subject"):
        submit(stakeholder_user, office, subject="\u202e\r\n\x07")


def test_a_token_with_a_control_character_is_refused_not_altered(
    office_hours, office, stakeholder_user
):
    with pytest.raises(InvalidInput, match="control characters"):
        submit(stakeholder_user, office, client_token="tok\n1")
    assert not Consultation.objects.exists()


# --- the time a logged contact was received ----------------------------------------------


def test_a_contact_received_30_days_ago_may_be_logged(office_hours, office, officer, stakeholder):
    received = timezone.now() - timedelta(days=30)
    assert log_contact(officer, office, stakeholder, received_at=received).received_at == received


def test_a_contact_received_longer_ago_than_the_office_allows_is_refused(
    office_hours, office, officer, stakeholder
):
    received = timezone.now() - timedelta(days=30, minutes=1)
    with pytest.raises(InvalidInput, match="more than 30 days ago"):
        log_contact(officer, office, stakeholder, received_at=received)
    assert not Consultation.objects.exists()


def test_the_office_sets_how_far_back_a_contact_may_be_logged(
    office_hours, office, officer, stakeholder
):
    office.max_backdate_days = 7
    office.save()
    log_contact(officer, office, stakeholder, received_at=timezone.now() - timedelta(days=7))
    with pytest.raises(InvalidInput, match="more than 7 days ago"):
        log_contact(officer, office, stakeholder, received_at=timezone.now() - timedelta(days=8))


@pytest.mark.parametrize(
    ("received_at", "message"),
    [
        (datetime(2026, 8, 31, 10, 0), "time zone"),
        (date(2026, 8, 31), "date and time"),
        ("2026-08-31T10:00+07:00", "date and time"),
    ],
    ids=["naive-datetime", "date", "string"],
)
def test_a_time_received_that_is_not_an_aware_datetime_is_refused(
    office_hours, office, officer, stakeholder, received_at, message
):
    with pytest.raises(InvalidInput, match=message):
        log_contact(officer, office, stakeholder, received_at=received_at)


def test_a_contact_received_before_a_holiday_starts_its_clock_after_it(
    office_hours, office, officer, stakeholder
):
    # Logged years later (the office allows it): the calendar of that year still counts.
    office.max_backdate_days = 1000
    office.save()
    office_hours.move_to(datetime(2029, 1, 9, 9, 0, tzinfo=WIB), tick=False)
    sunday = datetime(2026, 8, 16, 10, 0, tzinfo=WIB)  # Monday 17 August: Independence Day
    c = log_contact(officer, office, stakeholder, received_at=sunday)
    assert c.service_started_at == datetime(2026, 8, 18, 8, 0, tzinfo=WIB)
    assert c.number == "PKU-2026-00001"
