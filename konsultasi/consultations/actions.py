"""Which actions a user may take on a consultation now — so that pages and the API offer only
those. It asks the same questions as the services, in the same order (`changes.begin_change`:
role in the office, ownership, the transition table, then each service's own precondition);
the services still decide, this only keeps the page from offering what they would refuse."""

from datetime import datetime

from django.utils import timezone

from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.accounts.permissions import PERMISSIONS, Action, roles_in
from konsultasi.consultations.changes import HEADS, OWNER_ACTIONS
from konsultasi.consultations.models import Consultation, Escalation, Status
from konsultasi.consultations.transitions import TRANSITIONS, is_allowed

# What can be done to one consultation: the actions of the transition table. The rest of the
# permission table is about intake, or not about a consultation at all (the library).
CONSULTATION_ACTIONS = tuple(action for action in Action if action in TRANSITIONS)


def available_actions(
    user: User,
    consultation: Consultation,
    *,
    open_escalation: Escalation | None = None,
    now: datetime | None = None,
) -> frozenset[Action]:
    """The actions `user` may take on `consultation` in its current state.

    Pass the consultation's open escalation if the caller has it (saves a query). A fixed
    handful of queries (the roles, the escalation, the headship), whatever the actions."""
    held = roles_in(user, consultation.office)
    own = consultation.stakeholder.user_id == user.pk if held else False
    if not held or (held == {Role.STAKEHOLDER} and not own):
        return frozenset()
    if open_escalation is None and consultation.status == Status.ESCALATED:
        open_escalation = consultation.escalations.open().order_by("-requested_at").first()
    now = now or timezone.now()
    found = set()
    for action in CONSULTATION_ACTIONS:
        allowed = held & PERMISSIONS[action]
        if not allowed or (allowed == {Role.STAKEHOLDER} and not own):
            continue
        if (
            action in OWNER_ACTIONS
            and Role.OFFICER in allowed
            and not allowed & HEADS
            and consultation.assignee_id not in (None, user.pk)
        ):
            continue
        if not is_allowed(action, consultation.status):
            continue
        if _precondition(action, user, allowed, consultation, open_escalation, now):
            found.add(action)
    return frozenset(found)


def _precondition(
    action: Action,
    user: User,
    allowed: frozenset[Role],
    c: Consultation,
    escalation: Escalation | None,
    now: datetime,
) -> bool:
    if action == Action.CLAIM:
        return c.assignee_id in (None, user.pk)
    if action == Action.ANSWER_ESCALATION:
        return (
            escalation is not None
            and escalation.target == Escalation.Target.SECTION_HEAD
            and (Role.OFFICE_HEAD in allowed or _heads(user, escalation))
        )
    if action == Action.RECORD_HAI_ANSWER:
        return escalation is not None and escalation.target == Escalation.Target.HAI_DJPB
    if action == Action.REOPEN:
        return c.auto_close_at is None or now < c.auto_close_at
    return True


def _heads(user: User, escalation: Escalation) -> bool:
    # The section head is whoever holds the section-head role for that section.
    return escalation.section_id is not None and (
        OfficeRole.objects.filter(
            user=user, role=Role.SECTION_HEAD, section_id=escalation.section_id
        ).exists()
    )
