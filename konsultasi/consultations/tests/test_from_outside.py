"""Questions and replies that arrive by e-mail or WhatsApp with no person at the desk."""

import pytest

from konsultasi.consultations import services
from konsultasi.consultations.errors import IllegalTransition, InvalidInput
from konsultasi.consultations.models import Event, Message, Status
from konsultasi.offices.models import Channel

pytestmark = pytest.mark.usefixtures("english")


def channel(kind):
    return Channel.objects.get(kind=kind)


def test_a_question_from_outside_is_received_with_no_actor_on_its_channel(
    office_hours, office, stakeholder
):
    c = services.take_in_from_outside(
        office=office,
        stakeholder=stakeholder,
        channel=channel(Channel.Kind.EMAIL),
        subject="Revisi",
        question="Bagaimana?",
    )
    assert c.status == Status.NEW and c.channel.kind == "email"
    event = Event.objects.get(consultation=c)
    assert event.actor is None
    assert c.messages.get().author is None


def test_only_the_email_and_whatsapp_channels_take_questions_from_outside(
    office_hours, office, stakeholder
):
    with pytest.raises(InvalidInput):
        services.take_in_from_outside(
            office=office,
            stakeholder=stakeholder,
            channel=channel(Channel.Kind.WALK_IN),
            subject="S",
            question="Q",
        )


def test_the_same_message_taken_in_twice_is_one_consultation(office_hours, office, stakeholder):
    fields = dict(
        office=office,
        stakeholder=stakeholder,
        channel=channel(Channel.Kind.WHATSAPP),
        subject="S",
        question="Q",
        client_token="wa-123",
    )
    assert services.take_in_from_outside(**fields) == services.take_in_from_outside(**fields)


def test_a_reply_from_outside_is_the_stakeholders_and_tells_the_officer(
    in_state, officer, stakeholder_user
):
    c = in_state(Status.IN_PROGRESS)
    services.receive_from_outside(consultation=c, body="Terima kasih")
    reply = c.messages.get(kind=Message.Kind.REPLY)
    assert reply.author == stakeholder_user
    assert Event.objects.filter(consultation=c, action="reply", actor=None).exists()
    assert officer.outboxmessage_set.filter(kind="stakeholder_reply").exists()


def test_a_reply_from_outside_to_a_resolved_consultation_is_refused(in_state):
    c = in_state(Status.RESOLVED)
    with pytest.raises(IllegalTransition):
        services.receive_from_outside(consultation=c, body="Masih belum jelas")


def test_the_system_still_cannot_answer_or_claim_by_itself(in_state):
    c = in_state(Status.IN_PROGRESS)
    with pytest.raises(ValueError):
        services.resolve(actor=None, consultation=c, answer="x")  # type: ignore[arg-type]
