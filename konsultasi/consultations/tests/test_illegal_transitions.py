"""Generated from the transition table: every action, tried from every state it may NOT start
from, by someone who is allowed to take it, is refused with a clear message and writes nothing."""

import pytest

from konsultasi.accounts.permissions import Action
from konsultasi.consultations import services
from konsultasi.consultations.errors import AlreadyClaimed, IllegalTransition
from konsultasi.consultations.models import Consultation, Status
from konsultasi.consultations.tests.transition_checks import everything_about
from konsultasi.consultations.transitions import TRANSITIONS, is_allowed, target_status

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


def test_every_action_of_the_transition_table_has_a_call():
    assert set(CALLS) == set(TRANSITIONS)


# The lifecycle of ../shared/design/product.md, written out by hand, pair by pair, so that a wrong
# entry in TRANSITIONS (and so in ILLEGAL, which is generated from it) fails here:
# new → in progress ⇄ waiting on the stakeholder; in progress → follow-up; in progress or
# follow-up ⇄ escalated (the section head or HAI DJPb); any open state → resolved → closed;
# resolved → in progress (reopened); any open state → cancelled. Waiting on the stakeholder and
# escalations come back to where they started (RESUME). Classifying, replying, notes and
# reassigning do not move the status; progress is posted while in follow-up or escalated.
NEW, WORKING, WAITING = Status.NEW, Status.IN_PROGRESS, Status.WAITING_STAKEHOLDER
FOLLOW_UP, ESCALATED = Status.FOLLOW_UP, Status.ESCALATED
RESOLVED, CLOSED, CANCELLED = Status.RESOLVED, Status.CLOSED, Status.CANCELLED
OPEN = (NEW, WORKING, WAITING, FOLLOW_UP, ESCALATED)  # "any open state"
RESUME = "back where it was"


def stays(*statuses: Status) -> dict:
    return {status: status for status in statuses}


LIFECYCLE: dict[Action, dict[Status, str]] = {
    Action.CLAIM: {NEW: WORKING},
    Action.CLASSIFY: stays(*OPEN),
    Action.REQUEST_DOCUMENTS: {WORKING: WAITING, FOLLOW_UP: WAITING},
    Action.PROVIDE_DOCUMENTS: {WAITING: RESUME},
    Action.REPLY: stays(*OPEN),
    Action.ADD_NOTE: stays(*OPEN, RESOLVED, CLOSED, CANCELLED),
    Action.RESOLVE: {s: RESOLVED for s in OPEN},
    Action.DEFER: {WORKING: FOLLOW_UP},
    Action.POST_PROGRESS: stays(FOLLOW_UP, ESCALATED),
    Action.ESCALATE: {WORKING: ESCALATED, FOLLOW_UP: ESCALATED},
    Action.ANSWER_ESCALATION: {ESCALATED: RESUME},
    Action.HAND_TO_HAI: {WORKING: ESCALATED, FOLLOW_UP: ESCALATED},
    Action.RECORD_HAI_ANSWER: {ESCALATED: RESUME},
    Action.REASSIGN: stays(*OPEN),
    Action.REOPEN: {RESOLVED: WORKING},
    Action.CLOSE: {RESOLVED: CLOSED},
    Action.CANCEL: {s: CANCELLED for s in OPEN},
}


def test_the_table_allows_exactly_the_lifecycle_of_the_product():
    assert set(LIFECYCLE) == set(Action) - {
        Action.VIEW, Action.SUBMIT, Action.LOG_CONTACT, Action.REGISTER_WALK_IN,
    }  # fmt: skip
    wrong = []
    for action, legal in LIFECYCLE.items():
        for status in Status:
            if is_allowed(action, status) != (status in legal):
                wrong.append(f"{action} from {status}: allowed={is_allowed(action, status)}")
            elif status in legal:
                # Where a wait comes back to: where it started (here, follow-up).
                got = target_status(action, status, resume_status=FOLLOW_UP)
                expected = FOLLOW_UP if legal[status] == RESUME else legal[status]
                if got != expected:
                    wrong.append(f"{action} from {status}: leads to {got}, not {expected}")
    assert wrong == []


def test_every_pair_the_lifecycle_forbids_is_tried_below():
    forbidden = {(a, s) for a, legal in LIFECYCLE.items() for s in Status if s not in legal}
    assert {tuple(p.values) for p in ILLEGAL} == forbidden


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
