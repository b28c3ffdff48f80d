"""The lifecycle as a table: for each action, the states it may start from and where it leads.

The services consult this table before changing anything; the server enforces it, whatever a
page or a client offers. RESUME means "back to the state the consultation was in before it
started waiting" (on the stakeholder, or on an escalation)."""

from konsultasi.accounts.permissions import Action
from konsultasi.consultations.errors import IllegalTransition
from konsultasi.consultations.models import OPEN_STATUSES, Status

RESUME = "resume"
SAME = "same"

_WORKING = frozenset({Status.IN_PROGRESS, Status.FOLLOW_UP})
_OPEN = frozenset(OPEN_STATUSES)

TRANSITIONS: dict[Action, tuple[frozenset[Status], str]] = {
    Action.CLAIM: (frozenset({Status.NEW}), Status.IN_PROGRESS),
    Action.CLASSIFY: (_OPEN, SAME),
    Action.REQUEST_DOCUMENTS: (_WORKING, Status.WAITING_STAKEHOLDER),
    Action.PROVIDE_DOCUMENTS: (frozenset({Status.WAITING_STAKEHOLDER}), RESUME),
    Action.REPLY: (_OPEN, SAME),
    Action.ADD_NOTE: (_OPEN | {Status.RESOLVED, Status.CLOSED, Status.CANCELLED}, SAME),
    Action.RESOLVE: (_OPEN, Status.RESOLVED),
    Action.DEFER: (frozenset({Status.IN_PROGRESS}), Status.FOLLOW_UP),
    Action.POST_PROGRESS: (frozenset({Status.FOLLOW_UP, Status.ESCALATED}), SAME),
    Action.ESCALATE: (_WORKING, Status.ESCALATED),
    Action.ANSWER_ESCALATION: (frozenset({Status.ESCALATED}), RESUME),
    Action.HAND_TO_HAI: (_WORKING, Status.ESCALATED),
    Action.RECORD_HAI_ANSWER: (frozenset({Status.ESCALATED}), RESUME),
    Action.REASSIGN: (_OPEN, SAME),
    Action.REOPEN: (frozenset({Status.RESOLVED}), Status.IN_PROGRESS),
    Action.CLOSE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.CANCEL: (_OPEN, Status.CANCELLED),
}


def target_status(action: Action, current: str, resume_status: str = "") -> str:
    """The status `action` leads to from `current`, or IllegalTransition."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise IllegalTransition(action=str(action), status=str(Status(current).label))
    if target == SAME:
        return current
    if target == RESUME:
        return resume_status or Status.IN_PROGRESS
    return target


def is_allowed(action: Action, current: str) -> bool:
    """Whether `action` may start from `current` (pages use it to offer only what is legal)."""
    return current in TRANSITIONS[action][0]
