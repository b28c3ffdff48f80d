"""The inbox's saved views as the sidebar names them, in its order. What each one holds is
decided by `konsultasi.consultations.selectors.view_condition`."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from konsultasi.consultations.selectors import InboxView


@dataclass(frozen=True)
class SavedView:
    key: InboxView
    label: str | Promise


SAVED_VIEWS = [
    SavedView(InboxView.MINE, _("Mine")),
    SavedView(InboxView.UNCLAIMED, _("Unclaimed")),
    SavedView(InboxView.MY_SECTION, _("My section")),
    SavedView(InboxView.DUE_SOON, _("Due soon")),
    SavedView(InboxView.BREACHED, _("Overdue")),
    SavedView(InboxView.WAITING, _("Waiting on the stakeholder")),
    SavedView(InboxView.ESCALATED, _("Escalated")),
    SavedView(InboxView.NO_PROGRESS, _("Follow-up without today's progress")),
]
LABELS = {view.key: view.label for view in SAVED_VIEWS}
