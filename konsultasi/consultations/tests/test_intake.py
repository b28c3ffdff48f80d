from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.conftest import WIB, make_stakeholder
from konsultasi.consultations import services
from konsultasi.consultations.errors import InvalidInput
from konsultasi.consultations.intake import prepare_question, take_in
from konsultasi.consultations.models import Consultation, Event, Message, Status
from konsultasi.notifications.models import OutboxMessage
from konsultasi.offices.models import Channel

pytestmark = pytest.mark.usefixtures("english")


def submit(actor, office, **extra):
    fields = {"subject": "Retur SP2D", "question": "Dana retur belum kembali.", **extra}
    return services.submit_question(actor=actor, office=office, **fields)


def test_a_retried_submission_with_the_same_token_creates_one_consultation(
    office_hours, office, stakeholder_user
):
    first = submit(stakeholder_user, office, client_token="tok-1")
    again = submit(stakeholder_user, office, client_token="tok-1")
    assert again.pk == first.pk
    assert Consultation.objects.count() == 1
    assert Event.objects.count() == 1


def test_a_token_used_by_another_stakeholder_is_refused(
    office_hours, office, stakeholder_user, other_stakeholder
):
    submit(stakeholder_user, office, client_token="shared")
    with pytest.raises(InvalidInput):
        submit(other_stakeholder.user, office, client_token="shared")
    assert Consultation.objects.get().stakeholder == stakeholder_user.stakeholder_profile


def test_numbers_run_per_office_and_year_without_gaps(office_hours, office, stakeholder_user):
    numbers = [submit(stakeholder_user, office).number for _ in range(3)]
    assert numbers == ["PKU-2026-00001", "PKU-2026-00002", "PKU-2026-00003"]


def test_numbering_starts_again_in_a_new_year(office_hours, office, stakeholder_user):
    submit(stakeholder_user, office)
    office_hours.move_to("2027-01-04T09:00+07:00", tick=False)
    assert submit(stakeholder_user, office).number == "PKU-2027-00001"


def test_the_year_of_the_number_is_the_offices_local_year(office_hours, office, stakeholder_user):
    # 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in Pekanbaru.
    office_hours.move_to("2026-12-31T20:00+00:00", tick=False)
    assert submit(stakeholder_user, office).number == "PKU-2027-00001"


def test_a_question_received_at_night_starts_its_clock_at_the_next_opening(
    office_hours, office, stakeholder_user
):
    office_hours.move_to("2026-09-01T21:30+07:00", tick=False)
    c = submit(stakeholder_user, office)
    assert c.service_started_at == datetime(2026, 9, 2, 8, 0, tzinfo=WIB)
    assert c.service_due_at == datetime(2026, 9, 2, 8, 20, tzinfo=WIB)


def test_the_question_is_kept_as_the_first_message(office_hours, office, stakeholder_user):
    c = submit(stakeholder_user, office)
    message = Message.objects.get(consultation=c)
    assert (message.kind, message.body, message.author) == (
        Message.Kind.QUESTION,
        "Dana retur belum kembali.",
        stakeholder_user,
    )


def test_a_new_online_question_is_one_notice_to_all_of_the_offices_officers(
    office_hours, office, officer, second_officer, outsider, stakeholder_user
):
    c = submit(stakeholder_user, office)
    told = OutboxMessage.objects.get(consultation=c, kind="new_consultation")
    assert (told.office, told.channel, told.recipient, told.address) == (
        office,
        OutboxMessage.Channel.IN_APP,
        None,
        "",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"subject": "  "}, "subject"),
        ({"question": ""}, "question"),
        ({"subject": "x" * 201}, "200"),
        ({"question": "x" * 20_001}, "20,000"),
        ({"client_token": "t" * 65}, "token"),
    ],
    ids=["blank-subject", "blank-question", "long-subject", "long-question", "long-token"],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    office_hours, office, stakeholder_user, fields, message
):
    with pytest.raises(InvalidInput, match=message):
        submit(stakeholder_user, office, **fields)
    assert not Consultation.objects.exists()


def test_a_stakeholder_cannot_backdate_a_question(office_hours, office, stakeholder_user):
    c = submit(stakeholder_user, office, received_at=timezone.now() - timedelta(days=3))
    assert c.received_at == timezone.now()


def test_an_officer_logs_a_phone_question_with_the_time_it_came(
    office_hours, office, officer, stakeholder
):
    phone = Channel.objects.get(code="telepon")
    earlier = timezone.now() - timedelta(minutes=30)
    c = services.submit_question(
        actor=officer,
        office=office,
        stakeholder=stakeholder,
        channel=phone,
        subject="Gaji",
        question="Gaji ke-13?",
        received_at=earlier,
    )
    assert (c.status, c.channel, c.received_at, c.service_started_at) == (
        Status.NEW,
        phone,
        earlier,
        earlier,
    )


def test_a_logged_question_cannot_come_from_the_future(office_hours, office, officer, stakeholder):
    with pytest.raises(InvalidInput):
        services.submit_question(
            actor=officer,
            office=office,
            stakeholder=stakeholder,
            channel=Channel.objects.get(code="email"),
            subject="s",
            question="q",
            received_at=timezone.now() + timedelta(hours=1),
        )
    assert not Consultation.objects.exists()


def test_a_logged_question_cannot_use_the_walk_in_channel(
    office_hours, office, officer, stakeholder
):
    with pytest.raises(InvalidInput, match="channel"):
        services.submit_question(
            actor=officer,
            office=office,
            stakeholder=stakeholder,
            channel=Channel.objects.get(code="tatap-muka"),
            subject="s",
            question="q",
        )
    assert not Consultation.objects.exists()


def test_an_officer_cannot_log_a_question_for_another_offices_stakeholder(
    office_hours, office, other_office, officer
):
    foreign = make_stakeholder(other_office, None)
    with pytest.raises(InvalidInput, match="not registered"):
        services.submit_question(
            actor=officer, office=office, stakeholder=foreign, subject="s", question="q"
        )
    assert not Consultation.objects.exists()


def test_an_officer_of_another_office_cannot_register_walk_ins_here(
    office_hours, office, outsider, stakeholder
):
    with pytest.raises(PermissionDenied):
        services.register_walk_in(
            officer=outsider, office=office, stakeholder=stakeholder, subject="s", question="q"
        )
    assert not Consultation.objects.exists()


def test_a_walk_in_without_an_active_walk_in_channel_is_refused(
    office_hours, office, officer, stakeholder
):
    Channel.objects.filter(kind=Channel.Kind.WALK_IN).update(is_active=False)
    with pytest.raises(InvalidInput, match="face-to-face"):
        services.register_walk_in(
            officer=officer, office=office, stakeholder=stakeholder, subject="s", question="q"
        )
    assert not Consultation.objects.exists()


def test_taking_in_a_prepared_question_only_writes(office_hours, office, stakeholder_user):
    # Everything is read before the write transaction (on SQLite it holds the database's
    # one write lock): the number's UPDATE … RETURNING is the one statement that reads.
    submit(stakeholder_user, office)  # the year's number sequence exists from now on
    prepared = prepare_question(
        actor=stakeholder_user, office=office, subject="Retur", question="Dana retur?"
    )
    with CaptureQueriesContext(connection) as captured:
        consultation = take_in(prepared)
    # On PostgreSQL the inserts are one statement, each a WITH: inserts there too.
    statements = [q["sql"] for q in captured.captured_queries]
    verbs = {sql.split()[0].upper() for sql in statements}
    assert verbs <= {"SAVEPOINT", "RELEASE", "UPDATE", "INSERT", "WITH"}, verbs
    inserts_together = [sql.count(" AS (INSERT INTO ") for sql in statements if sql[:4] == "WITH"]
    assert inserts_together == ([4] if connection.vendor == "postgresql" else [])
    assert consultation.number == "PKU-2026-00002"
    assert Message.objects.filter(consultation=consultation).count() == 1
    assert OutboxMessage.objects.filter(consultation=consultation).exists()
