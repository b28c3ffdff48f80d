"""The inbox's saved views, in the order the sidebar lists them."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SavedView:
    key: str
    label: str | Promise


MINE = "mine"
UNCLAIMED = "unclaimed"
MY_SECTION = "section"
DUE_SOON = "due-soon"
BREACHED = "breached"
WAITING = "waiting"
ESCALATED = "escalated"
NO_PROGRESS = "no-progress"

SAVED_VIEWS = [
    SavedView(MINE, _("Mine")),
    SavedView(UNCLAIMED, _("Unclaimed")),
    SavedView(MY_SECTION, _("My section")),
    SavedView(DUE_SOON, _("Due soon")),
    SavedView(BREACHED, _("Overdue")),
    SavedView(WAITING, _("Waiting on the stakeholder")),
    SavedView(ESCALATED, _("Escalated")),
    SavedView(NO_PROGRESS, _("Follow-up without today's progress")),
]
SAVED_VIEW_KEYS = {view.key for view in SAVED_VIEWS}
