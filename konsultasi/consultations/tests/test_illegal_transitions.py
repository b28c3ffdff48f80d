"""Generated from the transition table: every action, tried from every state it may NOT start
from, by someone who is allowed to take it, is refused with a clear message and writes nothing."""

import pytest

from konsultasi.accounts.permissions import Action
from konsultasi.consultations import services
from konsultasi.consultations.errors import AlreadyClaimed, IllegalTransition
from konsultasi.consultations.models import (
    Attachment,
    Consultation,
    DocumentRequest,
    Escalation,
    Event,
    Message,
    Status,
)
from konsultasi.consultations.transitions import TRANSITIONS, is_allowed
from konsultasi.notifications.models import OutboxMessage

# Each action as a call by someone the permission table allows (`p` holds the people).
CALLS = {
    Action.CLAIM: lambda p, c: services.claim(officer=p["officer"], consultation=c),
    Action.CLASSIFY: lambda p, c: services.classify(
        actor=p["officer"], consultation=c, service_type=p["service_type"]
    ),
    Action.REQUEST_DOCUMENTS: lambda p, c: services.request_documents(
        actor=p["officer"], consultation=c, description="Salinan SPM"
    ),
    Action.PROVIDE_DOCUMENTS: lambda p, c: services.provide_documents(
        actor=p["stakeholder"], consultation=c, note="Terlampir"
    ),
    Action.REPLY: lambda p, c: services.reply(actor=p["stakeholder"], consultation=c, body="Halo"),
    Action.ADD_NOTE: lambda p, c: services.add_note(actor=p["officer"], consultation=c, body="x"),
    Action.RESOLVE: lambda p, c: services.resolve(actor=p["officer"], consultation=c, answer="Ok"),
    Action.DEFER: lambda p, c: services.defer_to_follow_up(
        actor=p["officer"], consultation=c, reason="Perlu cek"
    ),
    Action.POST_PROGRESS: lambda p, c: services.post_progress(
        actor=p["officer"], consultation=c, body="Masih dicek"
    ),
    Action.ESCALATE: lambda p, c: services.escalate(
        actor=p["officer"], consultation=c, reason="Mohon konfirmasi"
    ),
    Action.ANSWER_ESCALATION: lambda p, c: services.answer_escalation(
        actor=p["section_head"], consultation=c, answer="Boleh"
    ),
    Action.HAND_TO_HAI: lambda p, c: services.hand_to_hai(
        actor=p["officer"], consultation=c, reason="Isu nasional", external_reference="HAI-1"
    ),
    Action.RECORD_HAI_ANSWER: lambda p, c: services.record_hai_answer(
        actor=p["officer"], consultation=c, answer="Sudah"
    ),
    Action.REASSIGN: lambda p, c: services.reassign(
        actor=p["section_head"], consultation=c, officer=p["second_officer"]
    ),
    Action.REOPEN: lambda p, c: services.reopen(
        actor=p["stakeholder"], consultation=c, reason="Belum beres"
    ),
    Action.CLOSE: lambda p, c: services.close(actor=p["stakeholder"], consultation=c),
    Action.CANCEL: lambda p, c: services.cancel(actor=p["officer"], consultation=c, reason="Dup"),
}

ILLEGAL = [
    pytest.param(action, status, id=f"{action}-from-{status}")
    for action, (sources, _target) in TRANSITIONS.items()
    for status in Status
    if status not in sources
]


@pytest.fixture
def people(officer, second_officer, section_head, stakeholder_user, service_type):
    return {
        "officer": officer,
        "second_officer": second_officer,
        "section_head": section_head,
        "stakeholder": stakeholder_user,
        "service_type": service_type,
    }


@pytest.fixture
def reach(in_state, officer):
    def bring(status: Status) -> Consultation:
        if status == Status.CANCELLED:
            c = in_state(Status.IN_PROGRESS)
            return services.cancel(actor=officer, consultation=c, reason="Duplikat")
        return in_state(status)

    return bring


def everything_about(c: Consultation) -> dict:
    """The consultation row, field by field, and how many rows hang off it."""
    fresh = Consultation.objects.get(pk=c.pk)
    row = {f.attname: getattr(fresh, f.attname) for f in Consultation._meta.concrete_fields}
    related = (Event, Message, OutboxMessage, Escalation, DocumentRequest, Attachment)
    counts = {model.__name__: model.objects.filter(consultation=c).count() for model in related}
    escalations = list(Escalation.objects.filter(consultation=c).values())
    return {"row": row, "counts": counts, "escalations": escalations}


def test_every_action_of_the_transition_table_has_a_call():
    assert set(CALLS) == set(TRANSITIONS)


def test_the_table_leaves_illegal_pairs_to_test():
    assert len(ILLEGAL) == sum(len(Status) - len(sources) for sources, _ in TRANSITIONS.values())
    assert len(ILLEGAL) > 50


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_an_illegal_transition_is_refused_and_writes_nothing(reach, people, action, status):
    c = reach(status)
    assert c.status == status
    assert not is_allowed(action, c.status)
    before = everything_about(c)

    expected = (IllegalTransition, AlreadyClaimed) if action == Action.CLAIM else IllegalTransition
    with pytest.raises(expected) as refused:
        CALLS[action](people, c)

    error, label = refused.value, str(Status(status).label)  # in the user's language
    if isinstance(error, IllegalTransition):
        assert (error.action, str(error.status)) == (action, label)
        assert f"“{label}” ({action})" in str(error)
    else:
        assert error.holder == people["officer"]
    assert everything_about(c) == before
