"""A form filled in on an older copy of a consultation is refused, never applied: every change
that comes from a form carries the version the page showed. A double click or a stale page
cannot duplicate messages and notifications."""

import pytest

from konsultasi.consultations import services
from konsultasi.consultations.errors import StaleEdit
from konsultasi.consultations.models import Status as S
from konsultasi.consultations.tests.transition_checks import snapshot

pytestmark = pytest.mark.usefixtures("english")


# name: (starting state, service, who, what else the form sends)
CHANGES = {
    "claim": (S.NEW, "claim", "officer", {}),
    "classify": (S.IN_PROGRESS, "classify", "officer", {"service_type": "service_type"}),
    "reassign": (S.IN_PROGRESS, "reassign", "section_head", {"officer": "section_head"}),
    "request_documents": (S.IN_PROGRESS, "request_documents", "officer", {"description": "SPM"}),
    "provide_documents": (S.WAITING_STAKEHOLDER, "provide_documents", "stakeholder", {"note": "-"}),
    "reply": (S.IN_PROGRESS, "reply", "officer", {"body": "Halo"}),
    "add_note": (S.IN_PROGRESS, "add_note", "officer", {"body": "Catatan"}),
    "resolve": (S.IN_PROGRESS, "resolve", "officer", {"answer": "Jawab"}),
    "defer": (S.IN_PROGRESS, "defer_to_follow_up", "officer", {"reason": "Cek"}),
    "post_progress": (S.FOLLOW_UP, "post_progress", "officer", {"body": "Masih"}),
    "escalate": (S.IN_PROGRESS, "escalate", "officer", {"reason": "?"}),
    "answer_escalation": (S.ESCALATED, "answer_escalation", "section_head", {"answer": "Boleh"}),
    "hand_to_hai": (S.IN_PROGRESS, "hand_to_hai", "officer", {"reason": "Nasional"}),
    "reopen": (S.RESOLVED, "reopen", "stakeholder", {"reason": "Belum"}),
    "close": (S.RESOLVED, "close", "stakeholder", {}),
    "cancel": (S.IN_PROGRESS, "cancel", "officer", {"reason": "Ganda"}),
}  # fmt: skip
ACTIONS = list(CHANGES)


@pytest.fixture
def actions(officer, section_head, stakeholder_user, service_type):
    """name → (starting state, make the change on a consultation at a given version)."""
    people = {
        "officer": officer,
        "section_head": section_head,
        "stakeholder": stakeholder_user,
        "service_type": service_type,
    }

    def change(service, who, form):
        def make(c, version):
            fields = {k: people.get(v, v) for k, v in form.items()}
            actor = {"officer" if service == "claim" else "actor": people[who]}
            return getattr(services, service)(
                **actor, consultation=c, expected_version=version, **fields
            )

        return make

    return {name: (state, change(*rest)) for name, (state, *rest) in CHANGES.items()}


@pytest.mark.parametrize("name", ACTIONS)
def test_a_change_made_on_an_older_copy_is_refused_and_writes_nothing(
    in_state, actions, officer, name
):
    state, change = actions[name]
    c = in_state(state)
    shown = c.version
    services.add_note(actor=officer, consultation=c, body="Sementara itu")  # someone else
    before = snapshot(c)
    with pytest.raises(StaleEdit):
        change(c, shown)
    assert snapshot(c) == before


@pytest.mark.parametrize("name", ACTIONS)
def test_a_change_made_on_the_current_copy_goes_through(in_state, actions, name):
    state, change = actions[name]
    c = in_state(state)
    assert change(c, c.version).version == c.version + 1


def test_a_double_click_posts_one_reply(in_state, officer):
    c = in_state(S.IN_PROGRESS)
    shown = c.version
    services.reply(actor=officer, consultation=c, body="Halo", expected_version=shown)
    with pytest.raises(StaleEdit):
        services.reply(actor=officer, consultation=c, body="Halo", expected_version=shown)
    assert c.messages.filter(body="Halo").count() == 1


def test_the_refusal_names_who_changed_it(in_state, officer, second_officer, section_head):
    c = in_state(S.IN_PROGRESS)
    shown = c.version
    services.add_note(actor=section_head, consultation=c, body="Cek dulu")
    with pytest.raises(StaleEdit, match="kasi changed this consultation") as refused:
        services.reply(actor=officer, consultation=c, body="Halo", expected_version=shown)
    assert refused.value.changed_by == section_head
