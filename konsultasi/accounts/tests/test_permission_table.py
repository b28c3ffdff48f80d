"""A generated walk over the permission table: every role × every action, tried through the
services on a consultation where the action is legal. It succeeds exactly when the table
grants the role the action, and is refused with PermissionDenied otherwise. A new Action
without an entry in WALK, or a new Role without a user in ACTORS, fails the walk."""

import pytest
from django.contrib.auth.models import AnonymousUser

from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.accounts.permissions import (
    PERMISSIONS,
    Action,
    FeedbackAction,
    LibraryAction,
    PermissionDenied,
    can,
    forget_roles,
    roles_in,
)
from konsultasi.consultations import services
from konsultasi.consultations.access import consultation_for
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Consultation, Event, Status
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.services import save_entry
from konsultasi.notifications.models import OutboxMessage

# Reuse `in_state` (a consultation brought into any state through the real services).

HAI = "escalated to HAI DJPb"


def _intake(actor, c, **extra):
    return services.submit_question(
        actor=actor, office=c.office, subject="S", question="Q", **extra
    )


# Action → (the state to start from, the call). Calls get (actor, consultation, people) and
# return the consultation they read, changed or created.
WALK = {
    Action.VIEW: (Status.NEW, lambda a, c, p: consultation_for(a, pk=c.pk)),
    Action.SUBMIT: (Status.NEW, lambda a, c, p: _intake(a, c)),
    Action.LOG_CONTACT: (Status.NEW, lambda a, c, p: _intake(a, c, stakeholder=c.stakeholder)),
    Action.REGISTER_WALK_IN: (
        Status.NEW,
        lambda a, c, p: services.register_walk_in(
            officer=a, office=c.office, stakeholder=c.stakeholder, subject="S", question="Q"
        ),
    ),
    Action.CLAIM: (Status.NEW, lambda a, c, p: services.claim(officer=a, consultation=c)),
    Action.CLASSIFY: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.classify(actor=a, consultation=c, service_type=p["type"]),
    ),
    Action.REQUEST_DOCUMENTS: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.request_documents(actor=a, consultation=c, description="SPM"),
    ),
    Action.PROVIDE_DOCUMENTS: (
        Status.WAITING_STAKEHOLDER,
        lambda a, c, p: services.provide_documents(actor=a, consultation=c, note="Terlampir"),
    ),
    Action.REPLY: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.reply(actor=a, consultation=c, body="Halo"),
    ),
    Action.ADD_NOTE: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.add_note(actor=a, consultation=c, body="Catatan"),
    ),
    Action.RESOLVE: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.resolve(actor=a, consultation=c, answer="Sudah"),
    ),
    Action.DEFER: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.defer_to_follow_up(actor=a, consultation=c, reason="Cek"),
    ),
    Action.POST_PROGRESS: (
        Status.FOLLOW_UP,
        lambda a, c, p: services.post_progress(actor=a, consultation=c, body="Masih dicek"),
    ),
    Action.ESCALATE: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.escalate(actor=a, consultation=c, reason="Mohon konfirmasi"),
    ),
    Action.ANSWER_ESCALATION: (
        Status.ESCALATED,
        lambda a, c, p: services.answer_escalation(actor=a, consultation=c, answer="Boleh"),
    ),
    Action.HAND_TO_HAI: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.hand_to_hai(actor=a, consultation=c, reason="Isu nasional"),
    ),
    Action.RECORD_HAI_ANSWER: (
        HAI,
        lambda a, c, p: services.record_hai_answer(actor=a, consultation=c, answer="Sudah"),
    ),
    Action.REASSIGN: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.reassign(actor=a, consultation=c, officer=p["second_officer"]),
    ),
    Action.REOPEN: (
        Status.RESOLVED,
        lambda a, c, p: services.reopen(actor=a, consultation=c, reason="Belum beres"),
    ),
    Action.CLOSE: (Status.RESOLVED, lambda a, c, p: services.close(actor=a, consultation=c)),
    Action.CANCEL: (
        Status.IN_PROGRESS,
        lambda a, c, p: services.cancel(actor=a, consultation=c, reason="Duplikat"),
    ),
}

# Actions on no consultation: the library, shared by every office. Calls get the actor.
LIBRARY_WALK = {
    LibraryAction.EDIT: lambda a: save_entry(
        actor=a, entry=Entry(slug="faq-uji", kind="faq", title="Cara mengajukan SPM")
    ),
}

# Role → the fixture of a user holding only that role in the office. The stakeholder is the
# consultation's own; the section head heads the consultation's section.
ACTORS = {
    Role.OFFICER: "officer",
    Role.SECTION_HEAD: "section_head",
    Role.OFFICE_HEAD: "office_head",
    Role.ADMIN: "admin_user",
    Role.REGIONAL_VIEWER: "regional_viewer",
    Role.STAKEHOLDER: "stakeholder_user",
}


@pytest.fixture
def start(in_state, service_type, second_officer):
    """start(action) → (a consultation where `action` is legal, the people its call needs)."""

    def bring(action: Action) -> tuple[Consultation, dict]:
        state = WALK[action][0]
        c = in_state(Status.ESCALATED, escalation="hai") if state == HAI else in_state(state)
        return c, {"type": service_type, "second_officer": second_officer}

    return bring


def written() -> tuple[int, int, int]:
    return Consultation.objects.count(), Event.objects.count(), OutboxMessage.objects.count()


INTAKE = {Action.SUBMIT, Action.LOG_CONTACT, Action.REGISTER_WALK_IN}


def assert_refused(actor, action, c, people, *, outsider=False):
    """PermissionDenied, and nothing written. Viewing answers "not found" instead, so that
    numbers in URLs reveal nothing; so does every action on a consultation for someone with
    no role in its office."""
    before = written()
    version = Consultation.objects.get(pk=c.pk).version
    not_found = action == Action.VIEW or (outsider and action not in INTAKE)
    refusal = ConsultationNotFound if not_found else PermissionDenied
    with pytest.raises(refusal) as refused:
        WALK[action][1](actor, c, people)
    if refusal is PermissionDenied:
        assert refused.value.action == action
    assert written() == before
    assert Consultation.objects.get(pk=c.pk).version == version


def test_every_action_has_a_walk_entry_and_a_permission_row():
    # The survey's and complaint register's rows are walked in
    # konsultasi/feedback/tests/test_feedback_permissions.py.
    assert set(WALK) == set(Action)
    assert set(LIBRARY_WALK) == set(LibraryAction)
    assert set(PERMISSIONS) == set(Action) | set(LibraryAction) | set(FeedbackAction)


def test_every_role_has_a_user_to_walk_with():
    assert set(ACTORS) == set(Role)


# What ../shared/design/product.md says of the roles, written out by hand: the walk below takes
# its expectations from PERMISSIONS itself, so only this catches a wrong grant there.
STAKEHOLDER_ACTIONS = {
    Action.VIEW,  # their own consultations
    Action.SUBMIT,
    Action.REPLY,
    Action.PROVIDE_DOCUMENTS,  # document requests the stakeholder answers by upload
    Action.REOPEN,  # within the quiet period
    Action.CLOSE,  # confirming the answer
    Action.CANCEL,  # withdrawing the question
}
OFFICER_WORK = {Action.CLAIM, Action.RESOLVE, Action.DEFER, Action.ESCALATE}  # "claims, serves,
# answers, defers, escalates"


def test_the_table_grants_what_the_product_gives_each_role():
    granted = {
        role: {a for a in (*Action, *LibraryAction) if role in PERMISSIONS[a]} for role in Role
    }
    assert granted[Role.STAKEHOLDER] == STAKEHOLDER_ACTIONS
    assert granted[Role.OFFICER] >= OFFICER_WORK
    # Escalations are answered by the section head, the office head being the last step.
    assert PERMISSIONS[Action.ANSWER_ESCALATION] == {Role.SECTION_HEAD, Role.OFFICE_HEAD}
    # The administrator keeps master data (the library among it) and acts on no
    # consultation; the regional viewer reads figures and does nothing.
    assert granted[Role.ADMIN] == {LibraryAction.EDIT}
    assert granted[Role.REGIONAL_VIEWER] == set()
    # The library is kept by those who vouch for its answers, not by every officer.
    assert PERMISSIONS[LibraryAction.EDIT] == {Role.SECTION_HEAD, Role.OFFICE_HEAD, Role.ADMIN}


@pytest.mark.parametrize(
    ("role", "action"),
    [
        pytest.param(
            role,
            action,
            id=f"{role}-{action}-{'allowed' if role in PERMISSIONS[action] else 'refused'}",
        )
        for role in Role
        for action in WALK
    ],
)
def test_a_role_may_take_an_action_exactly_when_the_table_says_so(
    request, start, office, role, action
):
    actor = request.getfixturevalue(ACTORS[role])
    assert roles_in(actor, office) == {role}
    c, people = start(action)
    if role not in PERMISSIONS[action]:
        assert_refused(actor, action, c, people)
        return
    events = Event.objects.count()
    changed = WALK[action][1](actor, c, people)
    if action == Action.VIEW:
        assert changed == c
        assert Event.objects.count() == events
        return
    event = Event.objects.filter(consultation=changed).order_by("-pk").first()
    # A logged contact is recorded as a submission made by the officer.
    recorded = Action.SUBMIT if action == Action.LOG_CONTACT else action
    assert (event.actor, event.action) == (actor, recorded)
    assert Event.objects.count() == events + 1


@pytest.mark.parametrize(
    ("role", "action"),
    [
        pytest.param(
            role,
            action,
            id=f"{role}-{action}-{'allowed' if role in PERMISSIONS[action] else 'refused'}",
        )
        for role in Role
        for action in LIBRARY_WALK
    ],
)
def test_a_role_may_keep_the_library_exactly_when_the_table_says_so(request, role, action):
    actor = request.getfixturevalue(ACTORS[role])
    if role in PERMISSIONS[action]:
        LIBRARY_WALK[action](actor)
        assert Entry.objects.count() == 1
        return
    with pytest.raises(PermissionDenied) as refused:
        LIBRARY_WALK[action](actor)
    assert refused.value.action == action
    assert Entry.objects.count() == 0


@pytest.mark.parametrize("action", list(WALK), ids=str)
def test_an_officer_of_another_office_is_refused_everything(start, outsider, action):
    c, people = start(action)
    assert roles_in(outsider, c.office) == frozenset()
    assert_refused(outsider, action, c, people, outsider=True)


@pytest.mark.parametrize("action", list(WALK), ids=str)
def test_a_user_without_any_role_is_refused_everything(start, action):
    c, people = start(action)
    nobody = User.objects.create_user(username="nobody", password="x")
    assert_refused(nobody, action, c, people, outsider=True)


@pytest.mark.parametrize("action", list(LIBRARY_WALK), ids=str)
def test_a_user_without_any_role_may_not_keep_the_library(db, action):
    nobody = User.objects.create_user(username="nobody", password="x")
    with pytest.raises(PermissionDenied):
        LIBRARY_WALK[action](nobody)
    assert Entry.objects.count() == 0


# --- roles_in() and can() ---------------------------------------------------------------


def test_roles_are_reported_per_office(office, other_office):
    user = User.objects.create_user(username="rotated", password="x")
    OfficeRole.objects.create(user=user, office=office, role=Role.OFFICER)
    OfficeRole.objects.create(user=user, office=other_office, role=Role.SECTION_HEAD)
    assert roles_in(user, office) == {Role.OFFICER}
    assert roles_in(user, other_office) == {Role.SECTION_HEAD}
    assert can(user, Action.ESCALATE, office) is True
    assert can(user, Action.ESCALATE, other_office) is False
    assert can(user, Action.ANSWER_ESCALATION, office) is False
    assert can(user, Action.ANSWER_ESCALATION, other_office) is True


def test_a_stakeholder_is_a_stakeholder_only_of_their_own_office(
    office, other_office, stakeholder_user
):
    assert roles_in(stakeholder_user, office) == {Role.STAKEHOLDER}
    assert roles_in(stakeholder_user, other_office) == frozenset()
    assert can(stakeholder_user, Action.SUBMIT, office) is True
    assert can(stakeholder_user, Action.SUBMIT, other_office) is False


def test_an_inactive_or_anonymous_user_holds_no_role(office, officer):
    officer.is_active = False
    officer.save()
    officer = User.objects.get(pk=officer.pk)
    assert OfficeRole.objects.filter(user=officer, office=office).exists()  # kept, not used
    assert roles_in(officer, office) == frozenset()
    assert can(officer, Action.VIEW, office) is False
    assert roles_in(AnonymousUser(), office) == frozenset()


def test_granted_roles_show_after_forgetting_the_cached_ones(office, officer):
    assert roles_in(officer, office) == {Role.OFFICER}
    OfficeRole.objects.create(user=officer, office=office, role=Role.OFFICE_HEAD)
    assert roles_in(officer, office) == {Role.OFFICER}  # cached for the request
    forget_roles(officer)
    assert roles_in(officer, office) == {Role.OFFICER, Role.OFFICE_HEAD}
