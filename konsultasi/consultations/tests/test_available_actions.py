"""What a page offers is what the services accept: for every state, every kind of person
and every action, `available_actions` offers the action exactly when the service, tried and
rolled back, carries it out."""

from datetime import timedelta

import pytest
from django.db import transaction

from konsultasi.accounts.models import Role
from konsultasi.accounts.permissions import PERMISSIONS, Action
from konsultasi.conftest import make_staff
from konsultasi.consultations import services
from konsultasi.consultations.actions import CONSULTATION_ACTIONS, available_actions
from konsultasi.consultations.models import Status as S
from konsultasi.errors import DomainError
from konsultasi.offices.models import Section

CALLS = {
    Action.CLAIM: lambda a, c, p: services.claim(officer=a, consultation=c),
    Action.CLASSIFY: lambda a, c, p: services.classify(
        actor=a, consultation=c, service_type=p["type"]
    ),
    Action.REQUEST_DOCUMENTS: lambda a, c, p: services.request_documents(
        actor=a, consultation=c, description="SPM"
    ),
    Action.PROVIDE_DOCUMENTS: lambda a, c, p: services.provide_documents(
        actor=a, consultation=c, note="Terlampir"
    ),
    Action.REPLY: lambda a, c, p: services.reply(actor=a, consultation=c, body="Halo"),
    Action.ADD_NOTE: lambda a, c, p: services.add_note(actor=a, consultation=c, body="Catatan"),
    Action.RESOLVE: lambda a, c, p: services.resolve(actor=a, consultation=c, answer="Sudah"),
    Action.DEFER: lambda a, c, p: services.defer_to_follow_up(
        actor=a, consultation=c, reason="Cek"
    ),
    Action.POST_PROGRESS: lambda a, c, p: services.post_progress(
        actor=a, consultation=c, body="Masih dicek"
    ),
    Action.ESCALATE: lambda a, c, p: services.escalate(actor=a, consultation=c, reason="Mohon"),
    Action.ANSWER_ESCALATION: lambda a, c, p: services.answer_escalation(
        actor=a, consultation=c, answer="Boleh"
    ),
    Action.HAND_TO_HAI: lambda a, c, p: services.hand_to_hai(
        actor=a, consultation=c, reason="Isu nasional"
    ),
    Action.RECORD_HAI_ANSWER: lambda a, c, p: services.record_hai_answer(
        actor=a, consultation=c, answer="Sudah"
    ),
    Action.REASSIGN: lambda a, c, p: services.reassign(
        actor=a, consultation=c, officer=p["second_officer"]
    ),
    Action.REOPEN: lambda a, c, p: services.reopen(actor=a, consultation=c, reason="Belum"),
    Action.CLOSE: lambda a, c, p: services.close(actor=a, consultation=c),
    Action.CANCEL: lambda a, c, p: services.cancel(actor=a, consultation=c, reason="Duplikat"),
}

STATES = [
    S.NEW, S.IN_PROGRESS, S.WAITING_STAKEHOLDER, S.FOLLOW_UP, S.ESCALATED, "hai", S.RESOLVED,
    S.CLOSED, S.CANCELLED,
]  # fmt: skip

PEOPLE = [
    "officer", "second_officer", "section_head", "other_section_head", "office_head",
    "admin_user", "regional_viewer", "stakeholder_user", "other_stakeholder_user", "outsider",
]  # fmt: skip


class _Rollback(Exception):
    pass


def accepted(call, actor, c, people) -> bool:
    """Whether the service carries the action out; nothing it wrote is kept."""
    try:
        with transaction.atomic():
            call(actor, c, people)
            raise _Rollback
    except _Rollback:
        return True
    except DomainError:
        return False


@pytest.fixture
def other_section_head(office):
    bank = Section.objects.get(office=office, code="bank")
    return make_staff(office, Role.SECTION_HEAD, "kasi-bank", section=bank)


@pytest.fixture
def other_stakeholder_user(other_stakeholder):
    return other_stakeholder.user


@pytest.fixture
def bring(in_state, officer):
    def to(state):
        if state == "hai":
            return in_state(S.ESCALATED, escalation="hai")
        if state == S.CANCELLED:
            c = in_state(S.IN_PROGRESS)
            return services.cancel(actor=officer, consultation=c, reason="Duplikat")
        return in_state(state)

    return to


def test_every_consultation_action_has_a_call():
    assert set(CALLS) == set(CONSULTATION_ACTIONS)


@pytest.mark.parametrize("state", STATES)
def test_an_action_is_offered_exactly_when_the_service_accepts_it(
    request, bring, state, service_type, second_officer
):
    c = bring(state)
    people = {"type": service_type, "second_officer": second_officer}
    mismatches = []
    offered_somewhere = set()
    for name in PEOPLE:
        actor = request.getfixturevalue(name)
        offered = available_actions(actor, c)
        offered_somewhere |= offered
        for action in CONSULTATION_ACTIONS:
            if (action in offered) != accepted(CALLS[action], actor, c, people):
                mismatches.append((name, str(action), action in offered))
    assert mismatches == []
    assert offered_somewhere  # every state offers someone something


def test_nothing_is_offered_to_a_role_the_table_leaves_out(in_state, admin_user, regional_viewer):
    c = in_state(S.IN_PROGRESS)
    assert not any(PERMISSIONS[a] & {Role.ADMIN, Role.REGIONAL_VIEWER} for a in CALLS)
    assert available_actions(admin_user, c) == available_actions(regional_viewer, c) == set()


def test_an_officer_may_only_note_and_take_in_documents_on_a_colleagues_consultation(
    in_state, second_officer
):
    c = in_state(S.WAITING_STAKEHOLDER)
    assert available_actions(second_officer, c) == {Action.ADD_NOTE, Action.PROVIDE_DOCUMENTS}


def test_reopening_is_no_longer_offered_once_the_quiet_period_is_over(
    office_hours, in_state, officer
):
    c = in_state(S.RESOLVED)
    assert Action.REOPEN in available_actions(officer, c)
    office_hours.move_to(c.auto_close_at + timedelta(minutes=1), tick=False)
    assert Action.REOPEN not in available_actions(officer, c)
    assert not accepted(CALLS[Action.REOPEN], officer, c, {})


def test_the_helper_reads_a_fixed_handful_of_queries_for_all_actions(
    django_assert_max_num_queries, in_state, section_head
):
    c = in_state(S.ESCALATED)
    # The roles (two), the open escalation, the headship of its section.
    with django_assert_max_num_queries(4):
        assert Action.ANSWER_ESCALATION in available_actions(section_head, c)
